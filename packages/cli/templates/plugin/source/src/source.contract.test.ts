import { sourceContract } from '@dq/testing';
import plugin from './index.js';

sourceContract(plugin, {
  kind: '{{snake}}',
  source: { pattern: 'settings_*.txt' },
  sample: { 'settings_20260101.txt': 'colour=blue\nsize = 10\nthis line has no pair\nname=it\'s\n' },
  expect: { rowsRead: 4, rowsLoaded: 3, rowsRejected: 1 },
  broken: { 'settings_20260102.txt': 'nothing here\nnor here\n' },
});
