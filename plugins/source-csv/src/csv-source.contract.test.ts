import { sourceContract } from '@dq/testing';
import plugin from './index.js';

// The csv source on the contract of @dq/testing, on PGlite and PostgreSQL: a line with one field
// too many is rejected, the rest loads; a file of header only broken lines is refused whole.
sourceContract(plugin, {
  kind: 'csv',
  source: { pattern: 'people_*.csv' },
  sample: {
    'people_20260101.csv': 'id,name,city\n1,Ann,Leeds\n2,"Bob, Jr.",York\n3,Cy,Hull,extra\n4,Di,\n',
  },
  expect: { rowsRead: 4, rowsLoaded: 3, rowsRejected: 1 },
  broken: { 'people_20260102.csv': 'id,name,city\n1,Ann\n2\n"3,Cy,Hull\n' },
});
