import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  DqError,
  type Source,
  type SourceBatch,
  type SourceConfig,
  type SourceLoadContext,
  type SourceLoadResult,
  type SourceProbe,
  type StagingRecord,
} from '@dq/plugin-api';
import { discoverFeedBatches, probeFeedFolder } from '@dq/plugin-source-csv';
import { atPath, jsonText } from './json-value.js';

/** Records handed to the staging writer at a time. */
const BATCH = 1000;

const OPTIONS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    columns: {
      type: 'object',
      additionalProperties: { type: 'string', minLength: 1 },
      description:
        'Staging column to field path (`city: customer.address.city`). Default: the top-level fields of the first object.',
    },
  },
} as const;

interface JsonlOptions {
  columns?: Record<string, string>;
}

/**
 * The `jsonl` source kind: JSON-lines files (one object per line), oldest first, streamed line by
 * line into the kernel's staging writer. Fields map to columns by path; nested values load as
 * their JSON text. A line that is not a JSON object is a reject with its line number.
 */
export class JsonlSource implements Source {
  readonly kind = 'jsonl';
  readonly description = 'JSON-lines files: one object per line, fields mapped to columns by path';
  readonly optionsSchema = OPTIONS_SCHEMA;

  async discover(source: SourceConfig): Promise<SourceBatch[]> {
    return discoverFeedBatches(source, 'jsonl');
  }

  async probe(source: SourceConfig): Promise<SourceProbe> {
    return probeFeedFolder(source, 'jsonl');
  }

  async load(source: SourceConfig, batch: SourceBatch, ctx: SourceLoadContext): Promise<SourceLoadResult> {
    const file = batch.location;
    const mapping = (source.options as JsonlOptions | undefined)?.columns ?? (await firstObjectFields(file));
    const columns = Object.keys(mapping);
    if (columns.length === 0) {
      throw new DqError('DQ_LOAD_FAILED', `${file} holds no JSON object to take columns from.`, {
        hint: 'Name the columns under options.columns (column: field.path), or check the file.',
      });
    }
    const paths = columns.map((c) => mapping[c]!.split('.'));
    // The file's sha256 from the bytes read for the load (a file loads once), not a second read.
    const sha = createHash('sha256');
    let hashed = 0;
    let complete = false;
    return ctx.staging.write({
      sourceFile: file,
      columns,
      contentHash: () => (complete && hashed === batch.file?.size ? sha.digest('hex') : undefined),
      data: {
        kind: 'records',
        async *records(sink) {
          let line = 0;
          let records: StagingRecord[] = [];
          // Bytes, not text: the hash sees them as they are; readline decodes UTF-8 itself.
          const input = createReadStream(file, { highWaterMark: 1 << 18 });
          input.on('data', (chunk) => {
            sha.update(chunk as Buffer);
            hashed += chunk.length;
          });
          for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
            line++;
            const parsed = parseObject(text);
            if (typeof parsed === 'string') {
              await sink.reject([{ line, raw: text, reason: parsed }]);
              continue;
            }
            records.push({ line, values: paths.map((p) => jsonText(atPath(parsed, p))) });
            if (records.length >= BATCH) {
              yield records;
              records = [];
              ctx.onProgress?.({ rowsRead: line });
            }
          }
          if (records.length > 0) yield records;
          complete = true;
        },
      },
    });
  }
}

/** The object on a line, or why it is not one. */
function parseObject(text: string): object | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return text.trim() === '' ? 'an empty line' : `invalid JSON: ${(err as Error).message}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  return value;
}

/** Column = field for each top-level field of the file's first object. */
async function firstObjectFields(file: string): Promise<Record<string, string>> {
  const input = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const text of lines) {
      const parsed = parseObject(text);
      if (typeof parsed !== 'string') return Object.fromEntries(Object.keys(parsed).map((k) => [k, k]));
    }
  } finally {
    lines.close();
    input.destroy();
  }
  return {};
}
