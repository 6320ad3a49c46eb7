import { sourceContract } from '@dq/testing';
import plugin from './index.js';

// The jsonl source on the contract of @dq/testing, on PGlite and PostgreSQL: a line that is not
// JSON is rejected, the rest loads; a file of nothing but broken lines is refused whole.
sourceContract(plugin, {
  kind: 'jsonl',
  source: {
    pattern: 'people_*.jsonl',
    options: { columns: { id: 'id', name: 'name', city: 'address.city' } },
  },
  sample: {
    'people_20260101.jsonl':
      '{"id":1,"name":"Ann","address":{"city":"Leeds"}}\n{"id":2,"name":"Bob"}\n{"id":3,\n{"id":4,"name":"Di"}\n',
  },
  expect: { rowsRead: 4, rowsLoaded: 3, rowsRejected: 1 },
  broken: { 'people_20260102.jsonl': '{"id":1\nnot json\n[1,2]\n' },
});
