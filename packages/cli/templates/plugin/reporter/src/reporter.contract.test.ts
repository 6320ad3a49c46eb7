import { join } from 'node:path';
import { reporterContract } from '@dq/testing';
import plugin from './index.js';

reporterContract(plugin, { name: '{{id}}', options: (out) => ({ out: join(out, '{{id}}.md') }) });
