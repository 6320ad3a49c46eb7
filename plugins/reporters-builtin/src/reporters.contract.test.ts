import { join } from 'node:path';
import charts from '@dq/plugin-charts-builtin';
import { reporterContract } from '@dq/testing';
import plugin from './index.js';

// The built-in reporters on the contract of @dq/testing, on PGlite and PostgreSQL.
reporterContract(plugin, {
  name: 'html',
  with: [charts],
  options: (out) => ({ out: join(out, 'report.html') }),
});
reporterContract(plugin, {
  name: 'email',
  with: [charts],
  options: (out) => ({ dryRun: join(out, 'scorecard.eml'), out: join(out, 'report.html') }),
});
reporterContract(plugin, { name: 'docs', options: (out) => ({ out: join(out, 'docs'), samples: false }) });
