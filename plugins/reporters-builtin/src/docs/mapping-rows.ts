import type { DimensionSpec, ReportCatalog, RuleDefinition, SourceConfig } from '@dq/plugin-api';

/** One row of the Field Mappings sheet: a target column of a dimension and where it comes from. */
export interface FieldMappingRow {
  sourceFeed: string;
  sourceFilePattern: string;
  sourceColumns: string;
  stagingTable: string;
  targetTable: string;
  targetColumn: string;
  transformation: string;
  changeType: string;
  businessRules: string;
  sampleValues: string;
}

/** One row of the SCD Logic sheet. */
export interface ScdRow {
  dimension: string;
  table: string;
  strategy: string;
  column: string;
  changeType: string;
  why: string;
}

/** One row of the Data Lineage sheet. */
export interface LineageRow {
  step: number;
  stage: string;
  name: string;
  from: string;
  to: string;
  frequency: string;
  command: string;
  notes: string;
}

const STAGING_REF = /\bs\.([A-Za-z_][A-Za-z0-9_]*)/g;
const SHAPED_REF = /\bsrc\.([A-Za-z_][A-Za-z0-9_]*)/g;

/** Staging columns an expression over `s` reads (the feed date excluded). */
export function stagingColumns(expression: string): string[] {
  const cols = [...expression.matchAll(STAGING_REF)]
    .map((m) => m[1]!)
    .filter((c) => c !== 'dq_effective_date');
  return [...new Set(cols)];
}

/** Staging columns behind a derived expression over `src`, through the spec's column mappings. */
function derivedSourceColumns(spec: DimensionSpec, expression: string): string[] {
  const out: string[] = [];
  for (const m of expression.matchAll(SHAPED_REF)) {
    const col = m[1]!;
    if (col === 'dq_effective_date') out.push('(feed date)');
    else out.push(...stagingColumns(spec.columns[col] ?? ''));
  }
  return [...new Set(out)];
}

/** Change type of a dimension column: business key, Type 2, Type 1 or derived. */
export function changeType(spec: DimensionSpec, column: string): string {
  if (spec.businessKey.includes(column)) return 'Business key';
  if (spec.derived && column in spec.derived)
    return spec.type2Columns?.includes(column) ? 'Derived (Type 2)' : 'Derived (Type 1)';
  if (spec.scd === 'type2' && spec.type2Columns?.includes(column)) return 'Type 2';
  return 'Type 1';
}

function rulesOn(rules: readonly RuleDefinition[], table: string, column: string): string {
  return rules
    .filter((r) => r.table === table && r.column === column)
    .map((r) => `${r.name} (${r.check}, ${r.severity})`)
    .join('; ');
}

/** Where a source's files are, as the config wrote it: docs never show this machine's folders. */
function filePattern(source: SourceConfig): string {
  return [source.pathAsWritten ?? source.path, source.pattern].filter(Boolean).join('/');
}

function sourceOf(sources: readonly SourceConfig[], table: string): SourceConfig | undefined {
  return sources.find((s) => s.table === table);
}

/**
 * Every mapped target column of every dimension spec (its `columns`, then its `derived`), with the
 * rules on it. `samples` maps `table.column` to sample values read from the data, when available.
 */
export function fieldMappingRows(
  catalog: ReportCatalog,
  samples: ReadonlyMap<string, string>,
): FieldMappingRow[] {
  const rows: FieldMappingRow[] = [];
  for (const spec of catalog.dimensions) {
    const source = sourceOf(catalog.sources, spec.sourceTable);
    const common = {
      sourceFeed: source?.name ?? '',
      sourceFilePattern: source ? filePattern(source) : '',
      stagingTable: spec.sourceTable,
      targetTable: spec.table,
    };
    const entries: [string, string, string[]][] = [
      ...Object.entries(spec.columns).map(([c, e]): [string, string, string[]] => [c, e, stagingColumns(e)]),
      ...Object.entries(spec.derived ?? {}).map(([c, e]): [string, string, string[]] => [
        c,
        e,
        derivedSourceColumns(spec, e),
      ]),
    ];
    for (const [column, expression, from] of entries) {
      rows.push({
        ...common,
        sourceColumns: from.join(', '),
        targetColumn: column,
        transformation: expression.replace(/\s+/g, ' ').trim(),
        changeType: changeType(spec, column),
        businessRules: rulesOn(catalog.rules, spec.table, column),
        sampleValues: samples.get(`${spec.table}.${column}`) ?? '',
      });
    }
  }
  return rows;
}

/** Per dimension and column: how changes are tracked, and why. */
export function scdRows(catalog: ReportCatalog): ScdRow[] {
  const rows: ScdRow[] = [];
  for (const spec of catalog.dimensions) {
    const columns = [...Object.keys(spec.columns), ...Object.keys(spec.derived ?? {})];
    for (const column of columns) {
      const type = changeType(spec, column);
      rows.push({
        dimension: spec.name,
        table: spec.table,
        strategy: spec.scd,
        column,
        changeType: type,
        why: why(spec, type),
      });
    }
  }
  return rows;
}

function why(spec: DimensionSpec, type: string): string {
  if (type === 'Business key')
    return `Identifies the ${spec.name} across versions (surrogate key ${spec.surrogateKey}); never changes.`;
  if (type === 'Type 2')
    return 'History matters for analysis: a change closes the current version (valid_to, is_current = false) and opens a new one, so facts keep the value true when they happened.';
  if (type.startsWith('Derived'))
    return 'Computed from the shaped row on every load, so it always agrees with the columns it comes from.';
  return spec.scd === 'type2'
    ? 'Corrections and attributes whose history is not analysed: overwritten on every version of the key.'
    : 'The dimension keeps only the current value: a change overwrites it.';
}

/** The pipeline's steps from feed files to reports. */
export function lineageRows(catalog: ReportCatalog): LineageRow[] {
  const rows: Omit<LineageRow, 'step'>[] = [];
  for (const s of catalog.sources) {
    rows.push({
      stage: 'Ingest',
      name: `Load feed ${s.name} (${s.kind}, ${s.mode})`,
      from: filePattern(s),
      to: s.table,
      frequency: 'Daily, per feed drop',
      command: `dq load --source ${s.name}`,
      notes: 'Malformed lines to stg_rejects; every load audited in stg_audit_log.',
    });
  }
  for (const d of catalog.dimensions) {
    rows.push({
      stage: 'Transform',
      name: `Dimension ${d.name} (SCD ${d.scd})`,
      from: d.sourceTable,
      to: d.table,
      frequency: 'Daily, after load',
      command: 'dq transform',
      notes: d.type2Columns?.length ? `Type 2 on ${d.type2Columns.join(', ')}` : 'Type 1',
    });
  }
  for (const f of catalog.factLoaders) {
    rows.push({
      stage: f.phase === 'post' ? 'Aggregate' : 'Transform',
      name: f.name,
      from: f.dependsOn.join(', '),
      to: f.table ?? f.name,
      frequency: 'Daily, after dimensions',
      command: 'dq transform',
      notes: f.description ?? '',
    });
  }
  const ruleTables = [...new Set(catalog.rules.map((r) => r.table))].sort();
  rows.push(
    {
      stage: 'Quality',
      name: `Check ${catalog.rules.length} rules`,
      from: ruleTables.join(', '),
      to: 'dq_test_results, dq_exceptions, dq_metric_history, dq_scorecards',
      frequency: 'Daily, after transform',
      command: 'dq check',
      notes: 'Each rule in a READ ONLY transaction; exceptions sampled in the database.',
    },
    {
      stage: 'Report',
      name: 'Dashboard and scorecard e-mail',
      from: 'dq_scorecards, dq_test_results, dq_exceptions',
      to: 'HTML report, e-mail',
      frequency: 'Daily, after check',
      command: 'dq report html / dq report email',
      notes: '',
    },
    {
      stage: 'Document',
      name: 'Data mapping, glossary, KPIs',
      from: 'dimension specs, fact loaders, sources, rule files',
      to: 'data-mapping.xlsx, glossary.md, kpis.md',
      frequency: 'On change of specs or rules',
      command: 'dq docs',
      notes: '',
    },
  );
  return rows.map((r, i) => ({ step: i + 1, ...r }));
}
