import { checkKindContract } from '@dq/testing';
import plugin from './index.js';

checkKindContract(plugin, {
  {{snake}}: {
    rule: { column: 'code', min_length: 3 },
    table: {
      columns: { id: 'int PRIMARY KEY', code: 'text' },
      rows: [
        [1, 'ABC'],
        [2, 'AB'],
        [3, ''],
        [4, null],
        [5, "it's"],
      ],
    },
    expect: { failed: 2, scope: 5 },
  },
});
