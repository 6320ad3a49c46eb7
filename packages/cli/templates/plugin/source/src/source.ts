import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type {
  Source,
  SourceBatch,
  SourceConfig,
  SourceLoadContext,
  SourceLoadResult,
  StagingRecord,
  StagingSink,
} from '@dq/plugin-api';

/** `*` and `?` of a file pattern as a regular expression. */
function patternRegex(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

/**
 * `kind: {{snake}}`: files of `key=value` lines (`path` and `pattern` in the source's config). A
 * line without `=` is rejected to stg_rejects with its number; every other line is staged as
 * (key, value). The newest file (by name) is loaded. dq's staging writer (`ctx.staging`) does
 * the rest for every source kind alike: the table, the audit columns, full or incremental mode,
 * the rejects, and keeping the previous data when a load fails.
 */
export class {{Class}}Source implements Source {
  readonly kind = '{{snake}}';
  readonly description = 'key=value files, one pair a line';

  async discover(source: SourceConfig): Promise<SourceBatch[]> {
    const dir = source.path ?? '.';
    const rx = patternRegex(source.pattern ?? '*');
    return readdirSync(dir)
      .filter((name) => rx.test(name))
      .sort()
      .map((name) => ({ name: join(dir, name), location: join(dir, name) }));
  }

  async load(_source: SourceConfig, batch: SourceBatch, ctx: SourceLoadContext): Promise<SourceLoadResult> {
    return ctx.staging.write({
      sourceFile: batch.name,
      columns: ['key', 'value'],
      data: {
        kind: 'records',
        async *records(sink: StagingSink): AsyncIterable<readonly StagingRecord[]> {
          let line = 0;
          let records: StagingRecord[] = [];
          const lines = createInterface({ input: createReadStream(batch.location), crlfDelay: Number.POSITIVE_INFINITY });
          for await (const text of lines) {
            line++;
            const at = text.indexOf('=');
            if (at <= 0) {
              await sink.reject([{ line, raw: text, reason: 'no key=value pair on the line' }]);
              continue;
            }
            records.push({ values: [text.slice(0, at).trim(), text.slice(at + 1).trim()], line });
            if (records.length === 1000) {
              yield records;
              records = [];
            }
          }
          if (records.length > 0) yield records;
        },
      },
    });
  }
}
