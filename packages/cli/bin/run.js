#!/usr/bin/env node
// reflect-metadata must load before any decorated class.
import 'reflect-metadata';
import { execute } from '@oclif/core';

await execute({ dir: import.meta.url });
