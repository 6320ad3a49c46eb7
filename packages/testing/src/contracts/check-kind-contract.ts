import { QualityEngine, type RuleResult } from '@dq/core';
import {
  type CheckCompileContext,
  type CheckKind,
  type CompiledCheck,
  type DqPlugin,
  quoteIdent,
  type RuleDefinition,
  tokens,
} from '@dq/plugin-api';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../describe-each-database.js';
import {
  CONTRACT_CATEGORY,
  contractKernel,
  migrateCore,
  resolved,
  ruleFolder,
  tableChecksum,
} from './contract-kernel.js';

/** A table a case creates: column definitions (`{ id: 'int PRIMARY KEY', v: 'text' }`) and rows. */
export interface ContractTable {
  columns: Readonly<Record<string, string>>;
  rows: readonly (readonly unknown[])[];
}

/** Failed and scope rows of a result. */
export interface ContractCounts {
  failed: number;
  scope: number;
}

/** One rule of the check kind under test, on a table the suite creates. */
export interface CheckKindCase {
  /**
   * The rule's fields besides name, table, check, category and severity (column, params, where).
   * `{table}` in a string value stands for the table the suite runs the rule on (for SQL).
   */
  rule: Readonly<Record<string, unknown>>;
  /** The table the rule runs on; put NULLs, duplicates and quotes in it. */
  table: ContractTable;
  /** The result on `table`. */
  expect: ContractCounts;
  /** The result on the same table with no rows (default: nothing failed, nothing in scope). */
  empty?: ContractCounts;
  /**
   * Failed rows when every value of the rule's `column` is NULL (default 0: a NULL is missing,
   * not invalid; `not_null` counts every row). `'skip'` when the column cannot be NULL.
   */
  allNull?: number | ContractCounts | 'skip';
  /** Other tables the rule reads (a foreign key's parent), created under these names. */
  tables?: Readonly<Record<string, ContractTable>>;
  /**
   * Rule fields whose values are SQL or names by design (`sql`, `references`): they may appear
   * in the compiled text. Every other string value must be bound as a parameter.
   */
  literalFields?: readonly string[];
  /** Options of the plugin's config entry. */
  options?: Record<string, unknown>;
}

/** Fields holding identifiers, which the compiled SQL names (quoted) by design. */
const IDENTIFIER_FIELDS = new Set(['column', 'columns', 'time_column', 'table', 'references']);

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `'${String(value).replace(/'/g, "''")}'`;
}

function createTableSql(name: string, table: ContractTable, rows = table.rows): string {
  const cols = Object.entries(table.columns).map(([c, type]) => `${quoteIdent(c)} ${type}`);
  const ddl = `CREATE TABLE ${quoteIdent(name)} (${cols.join(', ')});`;
  if (rows.length === 0) return ddl;
  const values = rows.map((r) => `(${r.map(literal).join(', ')})`).join(', ');
  return `${ddl} INSERT INTO ${quoteIdent(name)} VALUES ${values};`;
}

/** The string values of a rule's fields, outside the identifier and literal fields. */
function boundStrings(rule: Readonly<Record<string, unknown>>, literalFields: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
  };
  for (const [key, value] of Object.entries(rule)) {
    if (!IDENTIFIER_FIELDS.has(key) && !literalFields.includes(key) && key !== 'where') walk(value);
  }
  // Short values (a single letter) could appear in any SQL text by chance.
  return out.filter((s) => s.length >= 3);
}

/** The SQL text a compiled check runs (none for checks evaluated in Node). */
function compiledText(check: CompiledCheck): string {
  if (check.mode === 'predicate') return [check.violation, check.failedValue ?? ''].join('\n');
  if (check.mode === 'query') return [check.measure, check.violations ?? ''].join('\n');
  return '';
}

/**
 * The check kind contract: every case's rule of every kind, on PGlite and (with DATABASE_URL)
 * PostgreSQL, must count exactly as the case says; count the same fused with another rule on
 * its table and run alone; handle an empty table and a column of NULLs; bind every value rather
 * than write it into the SQL text; and run READ ONLY as the rule role, changing no data.
 *
 * ```ts
 * checkKindContract(plugin, { not_null: { rule: { column: 'v' }, table, expect: { failed: 2, scope: 4 }, allNull: 4 } });
 * ```
 */
export function checkKindContract(
  plugin: DqPlugin,
  cases: Readonly<Record<string, CheckKindCase | readonly CheckKindCase[]>>,
): void {
  const all = Object.entries(cases).flatMap(([kind, c]) => {
    const list: readonly CheckKindCase[] = Array.isArray(c)
      ? (c as readonly CheckKindCase[])
      : [c as CheckKindCase];
    return list.map((one, i) => ({ kind, i, c: one, t: `ck_${kind}_${i}` }));
  });
  const options = Object.assign({}, ...all.map((x) => x.c.options ?? {})) as Record<string, unknown>;

  describeEachDatabase(`check kind contract of ${plugin.id}`, ({ db }) => {
    const checksums = new Map<string, string>();
    const run = async (
      rules: Record<string, unknown>[],
      only?: string[],
    ): Promise<Map<string, RuleResult>> => {
      const runtime = await contractKernel(db(), [resolved(plugin, options)], {
        'quality.rules': ruleFolder(rules),
      });
      try {
        const res = await runtime.kernel.build(QualityEngine).run(only ? { rules: only } : {});
        return new Map(res.results.map((r) => [r.rule, r]));
      } finally {
        await runtime.close();
      }
    };
    const counts = (r: RuleResult | undefined) =>
      r?.status === 'ERROR' ? `ERROR: ${r.message}` : r ? { failed: r.failed, scope: r.scope } : 'missing';

    beforeAll(async () => {
      await migrateCore(db());
      const ddl: string[] = [];
      const others = new Map<string, ContractTable>();
      for (const { c, t } of all) {
        ddl.push(createTableSql(t, c.table), createTableSql(`${t}_empty`, c.table, []));
        const column = typeof c.rule.column === 'string' ? c.rule.column : undefined;
        if (column && c.allNull !== 'skip') {
          const at = Object.keys(c.table.columns).indexOf(column);
          ddl.push(
            createTableSql(
              `${t}_nulls`,
              c.table,
              c.table.rows.map((r) => r.map((v, j) => (j === at ? null : v))),
            ),
          );
        }
        for (const [name, table] of Object.entries(c.tables ?? {})) others.set(name, table);
      }
      for (const [name, table] of others) ddl.push(createTableSql(name, table));
      await db().exec(ddl.join('\n'));
      await migrateCore(db());
      for (const name of [...all.map((x) => x.t), ...others.keys()])
        checksums.set(name, await tableChecksum(db(), name));
    });

    it('provides every kind the cases name', async () => {
      const runtime = await contractKernel(db(), [resolved(plugin, options)]);
      try {
        const names = runtime.kernel.resolveAll<CheckKind>(tokens.checkKind).map((k) => k.name);
        expect(names).toEqual(expect.arrayContaining(Object.keys(cases)));
      } finally {
        await runtime.close();
      }
    });

    for (const { kind, i, c, t } of all) {
      const name = `${kind}_case_${i}`;
      const rule = (table: string, suffix = '') => ({
        ...(withTable(c.rule, table) as Record<string, unknown>),
        name: `${name}${suffix}`,
        table,
        check: kind,
      });

      it(`${kind} #${i}: counts as expected, the same fused with another rule and alone`, async () => {
        const companion = {
          name: `${name}_companion`,
          table: t,
          check: 'contract_flag',
          ...(c.rule.where ? { where: c.rule.where } : {}),
        };
        const fused = await run([rule(t), companion]);
        expect(counts(fused.get(name))).toEqual(c.expect);
        expect(counts(fused.get(companion.name))).toMatchObject({ failed: 0 });
        const alone = await run([rule(t), companion], [name]);
        expect(counts(alone.get(name))).toEqual(c.expect);
      });

      it(`${kind} #${i}: an empty table`, async () => {
        const res = await run([rule(`${t}_empty`, '_empty')]);
        expect(counts(res.get(`${name}_empty`))).toEqual(c.empty ?? { failed: 0, scope: 0 });
      });

      if (typeof c.rule.column === 'string' && c.allNull !== 'skip') {
        it(`${kind} #${i}: a column of NULLs`, async () => {
          const res = await run([rule(`${t}_nulls`, '_nulls')]);
          const want =
            typeof c.allNull === 'object'
              ? c.allNull
              : { failed: c.allNull ?? 0, scope: c.table.rows.length };
          expect(counts(res.get(`${name}_nulls`))).toEqual(want);
        });
      }

      it(`${kind} #${i}: binds values as parameters, never writing them into the SQL`, async () => {
        const runtime = await contractKernel(db(), [resolved(plugin, options)]);
        let found: CheckKind | undefined;
        try {
          found = runtime.kernel.resolveAll<CheckKind>(tokens.checkKind).find((k) => k.name === kind);
        } finally {
          await runtime.close();
        }
        if (!found) throw new Error(`${plugin.id} provides no check kind "${kind}"`);
        const values: unknown[] = [];
        const ctx: CheckCompileContext = {
          table: quoteIdent(t),
          from: `${quoteIdent(t)} AS dq_t`,
          alias: 'dq_t',
          where: c.rule.where ? `(${String(c.rule.where)})` : 'TRUE',
          recordId: 'dq_t.ctid::text',
          bind: (v) => {
            values.push(v);
            return `$${values.length}`;
          },
          column: (n) => `dq_t.${quoteIdent(n)}`,
          columnType: (n) => c.table.columns[n]?.split(/\s+/)[0]?.toLowerCase(),
          rowEstimate: () => 1000,
        };
        const definition: RuleDefinition = {
          name,
          table: t,
          check: kind,
          category: CONTRACT_CATEGORY,
          severity: 'warning',
          thresholdPct: 0,
          tags: [],
          params: paramsOf(withTable(c.rule, t) as Record<string, unknown>),
          ...(typeof c.rule.column === 'string' ? { column: c.rule.column } : {}),
          ...(typeof c.rule.where === 'string' ? { where: c.rule.where } : {}),
        };
        const text = compiledText(found.compile(definition, ctx));
        for (const s of boundStrings(c.rule, c.literalFields ?? []))
          expect(text, `"${s}" is written into the SQL instead of bound`).not.toContain(s);
      });
    }

    it('changed no data: every rule ran READ ONLY', async () => {
      for (const [name, sum] of checksums) expect(await tableChecksum(db(), name), name).toBe(sum);
    });
  });
}

/** `{table}` in every string value replaced by `table`. */
function withTable(value: unknown, table: string): unknown {
  if (typeof value === 'string') return value.replaceAll('{table}', table);
  if (Array.isArray(value)) return value.map((v) => withTable(v, table));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withTable(v, table)]));
  return value;
}

const COMMON = new Set([
  'name',
  'description',
  'category',
  'table',
  'column',
  'check',
  'where',
  'severity',
  'threshold',
  'tags',
  'owner',
]);

/** A rule's check-kind parameters: every field that is not common to all rules. */
function paramsOf(rule: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(rule).filter(([k]) => !COMMON.has(k)));
}
