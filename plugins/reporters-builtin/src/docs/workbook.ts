import type { ReportCatalog } from '@dq/plugin-api';
import type ExcelJS from 'exceljs';
import { fieldMappingRows, lineageRows, scdRows } from './mapping-rows.js';

type Column = { header: string; key: string; max?: number };

/** The sheets of data-mapping.xlsx, in order. */
export const SHEETS = ['Field Mappings', 'SCD Logic', 'Business Rules', 'Data Lineage'] as const;

/**
 * Builds the data-mapping workbook from the catalog (and sample values, when the data has them).
 * exceljs is loaded on demand: it costs every other dq command over half a second at start-up.
 */
export async function dataMappingWorkbook(
  catalog: ReportCatalog,
  samples: ReadonlyMap<string, string>,
): Promise<ExcelJS.Workbook> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'dq docs';
  wb.created = new Date();
  addSheet(
    wb,
    'Field Mappings',
    [
      { header: 'Source Feed', key: 'sourceFeed' },
      { header: 'Source File Pattern', key: 'sourceFilePattern' },
      { header: 'Source Column', key: 'sourceColumns' },
      { header: 'Staging Table', key: 'stagingTable' },
      { header: 'Target Table', key: 'targetTable' },
      { header: 'Target Column', key: 'targetColumn' },
      { header: 'Transformation', key: 'transformation', max: 60 },
      { header: 'Change Type', key: 'changeType' },
      { header: 'Business Rules', key: 'businessRules', max: 50 },
      { header: 'Sample Values', key: 'sampleValues', max: 40 },
    ],
    fieldMappingRows(catalog, samples),
  );
  addSheet(
    wb,
    'SCD Logic',
    [
      { header: 'Dimension', key: 'dimension' },
      { header: 'Table', key: 'table' },
      { header: 'SCD Strategy', key: 'strategy' },
      { header: 'Column', key: 'column' },
      { header: 'Change Type', key: 'changeType' },
      { header: 'Why', key: 'why', max: 80 },
    ],
    scdRows(catalog),
  );
  addSheet(
    wb,
    'Business Rules',
    [
      { header: 'Rule', key: 'name' },
      { header: 'Description', key: 'description', max: 50 },
      { header: 'Category', key: 'category' },
      { header: 'Severity', key: 'severity' },
      { header: 'Threshold %', key: 'thresholdPct' },
      { header: 'Check', key: 'check' },
      { header: 'Table', key: 'table' },
      { header: 'Column', key: 'column' },
      { header: 'Where', key: 'where', max: 40 },
      { header: 'SQL / Parameters', key: 'params', max: 60 },
      { header: 'Owner', key: 'owner' },
      { header: 'Tags', key: 'tags' },
      { header: 'Rule File', key: 'file', max: 40 },
    ],
    catalog.rules.map((r) => ({
      name: r.name,
      description: r.description ?? '',
      category: r.category,
      severity: r.severity,
      thresholdPct: r.thresholdPct,
      check: r.check,
      table: r.table,
      column: r.column ?? '',
      where: r.where ?? '',
      params: typeof r.params.sql === 'string' ? r.params.sql : JSON.stringify(r.params),
      owner: r.owner ?? '',
      tags: r.tags.join(', '),
      file: r.source ? `${r.source.file}:${r.source.line}` : '',
    })),
  );
  addSheet(
    wb,
    'Data Lineage',
    [
      { header: 'Step', key: 'step' },
      { header: 'Stage', key: 'stage' },
      { header: 'Step Name', key: 'name', max: 40 },
      { header: 'From', key: 'from', max: 50 },
      { header: 'To', key: 'to', max: 50 },
      { header: 'Frequency', key: 'frequency' },
      { header: 'Command', key: 'command' },
      { header: 'Notes', key: 'notes', max: 60 },
    ],
    lineageRows(catalog),
  );
  return wb;
}

/** A sheet with a bold, filled, frozen header row, an auto-filter and widths fitted to the content. */
function addSheet(wb: ExcelJS.Workbook, name: string, columns: Column[], rows: object[]): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key }));
  for (const row of rows) ws.addRow(row);
  const header = ws.getRow(1);
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3B57' } };
  header.alignment = { vertical: 'middle' };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  columns.forEach((c, i) => {
    const values = rows.map((r) => String((r as Record<string, unknown>)[c.key] ?? ''));
    const longest = Math.max(c.header.length, ...values.map((v) => v.length));
    const col = ws.getColumn(i + 1);
    col.width = Math.min(Math.max(longest + 2, 10), c.max ?? 40);
    if (longest > (c.max ?? 40)) col.alignment = { wrapText: true, vertical: 'top' };
  });
}
