import { ruleCategoryContract } from '@dq/testing';
import plugin from './index.js';

// The seven quality dimensions on the contract of @dq/testing, on PGlite and PostgreSQL.
ruleCategoryContract(plugin);
