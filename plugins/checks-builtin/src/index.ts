import { type CheckKind, definePlugin, tokens } from '@dq/plugin-api';
import { BetweenCheck } from './between-check.js';
import { CompareCheck } from './compare-check.js';
import { ForeignKeyCheck } from './foreign-key-check.js';
import { FreshnessCheck } from './freshness-check.js';
import { InSetCheck } from './in-set-check.js';
import { JsonLogicCheck } from './json-logic-check.js';
import { NotNullCheck } from './not-null-check.js';
import { RegexCheck } from './regex-check.js';
import { RowCountCheck } from './row-count-check.js';
import { SqlCheck } from './sql-check.js';
import { UniqueCheck } from './unique-check.js';

export {
  BetweenCheck,
  CompareCheck,
  ForeignKeyCheck,
  FreshnessCheck,
  InSetCheck,
  JsonLogicCheck,
  NotNullCheck,
  RegexCheck,
  RowCountCheck,
  SqlCheck,
  UniqueCheck,
};

/** The eleven built-in check kinds, in the order DESIGN section 7 lists them. */
export const builtinCheckKinds = [
  NotNullCheck,
  UniqueCheck,
  BetweenCheck,
  InSetCheck,
  RegexCheck,
  ForeignKeyCheck,
  FreshnessCheck,
  RowCountCheck,
  CompareCheck,
  SqlCheck,
  JsonLogicCheck,
] as const;

export default definePlugin({
  id: 'checks-builtin',
  apiVersion: 1,
  description: 'The built-in check kinds (not_null, unique, between, ... sql, json_logic)',
  register(reg) {
    for (const kind of builtinCheckKinds) reg.provide<CheckKind>(tokens.checkKind, kind);
  },
});
