import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DqError, type SourceBatch, type SourceConfig, type SourceProbe } from '@dq/plugin-api';
import picomatch from 'picomatch';

/** A file matching a source's pattern, with the date stamp in its name. */
export interface FeedFile {
  path: string;
  name: string;
  /** YYYY-MM-DD from the first 8-digit YYYYMMDD group in the name, if any. */
  feedDate?: string;
  mtimeMs: number;
  size: number;
}

const DATE_STAMP = /(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)/;

/** Files in `dir` matching `pattern`, oldest first: by the date in the name, then mtime. */
export function findFeedFiles(dir: string, pattern: string): FeedFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const matches = picomatch(pattern);
  return names
    .filter((name) => matches(name))
    .map((name) => {
      const path = join(dir, name);
      const stat = statSync(path);
      const m = DATE_STAMP.exec(name);
      const feedDate = m && validDate(m[1]!, m[2]!, m[3]!) ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
      return {
        path,
        name,
        mtimeMs: stat.mtimeMs,
        size: stat.size,
        ...(feedDate ? { feedDate } : {}),
        isFile: stat.isFile(),
      };
    })
    .filter((f) => f.isFile)
    .map(({ isFile: _isFile, ...f }) => f)
    .sort(
      (a, b) =>
        (a.feedDate ?? '').localeCompare(b.feedDate ?? '') ||
        a.mtimeMs - b.mtimeMs ||
        a.name.localeCompare(b.name),
    );
}

function validDate(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return (
    date.getUTCFullYear() === Number(y) &&
    date.getUTCMonth() === Number(m) - 1 &&
    date.getUTCDate() === Number(d)
  );
}

/** The batches of a file source (`path:` + `pattern:`), oldest first; `kind` names it in the error. */
export function discoverFeedBatches(source: SourceConfig, kind: string): SourceBatch[] {
  if (!source.path || !source.pattern) {
    throw new DqError(
      'DQ_CONFIG_INVALID',
      `Source ${source.name}: a ${kind} source needs path: and pattern:.`,
    );
  }
  return findFeedFiles(source.path, source.pattern).map((f) => ({
    name: f.path,
    location: f.path,
    file: { size: f.size, mtimeMs: f.mtimeMs },
    ...(f.feedDate ? { feedDate: f.feedDate } : {}),
  }));
}

/** For `dq doctor`: the source's folder exists and can be listed and read; how many files match. */
export function probeFeedFolder(source: SourceConfig, kind: string): SourceProbe {
  if (!source.path || !source.pattern) {
    return {
      ok: false,
      detail: `a ${kind} source needs path: and pattern:`,
      hint: 'Set both in the config.',
    };
  }
  try {
    if (!statSync(source.path).isDirectory()) {
      return {
        ok: false,
        detail: `${source.path} is not a folder`,
        hint: 'Point path: at the folder the files arrive in.',
      };
    }
    accessSync(source.path, constants.R_OK | constants.X_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      ok: false,
      detail: `${source.path} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (err as Error).message})`}`,
      hint: 'Create the folder, or fix path: (relative paths are from the config file).',
    };
  }
  const files = findFeedFiles(source.path, source.pattern);
  return {
    ok: true,
    detail: `${source.path}: ${files.length} file${files.length === 1 ? '' : 's'} match ${source.pattern}`,
  };
}
