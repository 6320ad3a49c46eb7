import type { DimensionSpec, ReportCatalog } from '@dq/plugin-api';
import { describe, expect, it } from 'vitest';
import { changeType, fieldMappingRows, lineageRows, scdRows, stagingColumns } from './mapping-rows.js';

const spec: DimensionSpec = {
  name: 'customer',
  scd: 'type2',
  table: 'dim_customer',
  surrogateKey: 'customer_key',
  sourceTable: 'stg_crm_customers',
  businessKey: ['customer_id'],
  columns: {
    customer_id: "nullif(trim(s.customer_id), '')",
    full_name: "concat_ws(' ', s.first_name, s.last_name)",
    city: 's.city',
    date_of_birth: 'dq_try_date(s.date_of_birth)',
  },
  derived: { age: 'extract(year FROM age(src.dq_effective_date, src.date_of_birth))::int' },
  type2Columns: ['city'],
};

const catalog: ReportCatalog = {
  dimensions: [spec],
  factLoaders: [],
  sources: [
    {
      name: 'crm_customers',
      kind: 'csv',
      table: 'stg_crm_customers',
      mode: 'full',
      path: '/home/someone/project/data/raw',
      pathAsWritten: 'data/raw',
      pattern: 'crm_*.csv',
    },
  ],
  rules: [
    {
      name: 'city_present',
      category: 'completeness',
      table: 'dim_customer',
      column: 'city',
      check: 'not_null',
      severity: 'warning',
      thresholdPct: 5,
      tags: [],
      params: {},
    },
  ],
  categories: [],
  kpis: [],
  glossary: [],
};

describe('data-mapping rows', () => {
  it('maps every column and derived column back to its staging columns, feed and rules', () => {
    expect(stagingColumns("concat_ws(' ', s.first_name, s.last_name, s.dq_effective_date)")).toEqual([
      'first_name',
      'last_name',
    ]);
    const rows = fieldMappingRows(catalog, new Map([['dim_customer.city', 'Leeds, York']]));
    expect(rows.map((r) => r.targetColumn)).toEqual([
      'customer_id',
      'full_name',
      'city',
      'date_of_birth',
      'age',
    ]);
    const byColumn = Object.fromEntries(rows.map((r) => [r.targetColumn, r]));
    expect(byColumn.city).toMatchObject({
      sourceFeed: 'crm_customers',
      sourceFilePattern: 'data/raw/crm_*.csv',
      sourceColumns: 'city',
      changeType: 'Type 2',
      businessRules: 'city_present (not_null, warning)',
      sampleValues: 'Leeds, York',
    });
    expect(byColumn.age?.sourceColumns).toBe('(feed date), date_of_birth');
    expect(byColumn.age?.changeType).toBe('Derived (Type 1)');
  });

  it('explains the change type of each column and lists the pipeline steps', () => {
    expect(changeType(spec, 'customer_id')).toBe('Business key');
    expect(changeType(spec, 'full_name')).toBe('Type 1');
    expect(scdRows(catalog).find((r) => r.column === 'city')?.why).toMatch(/opens a new one/);
    const lineage = lineageRows(catalog);
    expect(lineage.map((r) => r.stage)).toEqual(['Ingest', 'Transform', 'Quality', 'Report', 'Document']);
    expect(lineage[0]).toMatchObject({
      step: 1,
      to: 'stg_crm_customers',
      command: 'dq load --source crm_customers',
    });
  });
});
