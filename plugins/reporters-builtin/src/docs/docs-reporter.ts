import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DqError, type ReportContext, type Reporter, type ReportOutput } from '@dq/plugin-api';
import { glossaryMarkdown, kpisMarkdown } from './markdown.js';
import { sampleValues } from './sample-values.js';
import { dataMappingWorkbook } from './workbook.js';

/**
 * `dq docs`: data-mapping.xlsx, glossary.md and kpis.md, generated from the dimension specs, fact
 * loaders, sources, rule files and the KPIs and terms the domain plugins contribute (never typed
 * by hand). Sample values come from the data when
 * the database has it; `samples: false` skips the database entirely.
 */
export class DocsReporter implements Reporter {
  readonly name = 'docs';
  readonly description = 'Data-mapping workbook (xlsx), business glossary and KPI definitions (markdown)';

  async report(ctx: ReportContext): Promise<ReportOutput> {
    const dir =
      typeof ctx.options.out === 'string' && ctx.options.out
        ? resolve(ctx.options.out)
        : ctx.config.reporting.docs.outDir;
    const catalog = ctx.catalog();
    const samples =
      ctx.options.samples === false
        ? new Map<string, string>()
        : await sampleValues(ctx.db, catalog.dimensions, ctx.logger);
    const files = {
      mapping: join(dir, 'data-mapping.xlsx'),
      glossary: join(dir, 'glossary.md'),
      kpis: join(dir, 'kpis.md'),
    };
    try {
      mkdirSync(dir, { recursive: true });
      await (await dataMappingWorkbook(catalog, samples)).xlsx.writeFile(files.mapping);
      writeFileSync(files.glossary, glossaryMarkdown(catalog.glossary, catalog));
      writeFileSync(files.kpis, kpisMarkdown(catalog.kpis));
    } catch (err) {
      throw new DqError(
        'DQ_REPORT_FAILED',
        `Cannot write the documentation to ${dir}: ${(err as Error).message}`,
        {
          cause: err,
          hint: 'Pass --out with a writable folder, or change reporting.docs.outDir.',
        },
      );
    }
    ctx.logger.info({ dir }, 'documentation written');
    return {
      files: Object.values(files),
      summary: `Documentation of ${catalog.dimensions.length} dimensions, ${catalog.factLoaders.length} fact loaders and ${catalog.rules.length} rules in ${dir}`,
      details: { sampleValues: samples.size },
    };
  }
}
