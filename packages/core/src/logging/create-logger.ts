import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DqConfig, Logger } from '@dq/plugin-api';
import { pino } from 'pino';

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  level: DqConfig['logging']['level'];
  /** Directory of the rotating log file; omit for no file. */
  dir?: string;
  /** Force JSON lines on stderr (otherwise readable when stderr is a TTY). */
  json?: boolean;
  /** Secret values to mask wherever they appear in a log line. */
  secrets?: readonly string[];
}

/** A logger plus what must be flushed when the process ends. */
export interface ClosableLogger {
  logger: Logger;
  close(): Promise<void>;
}

const REDACT_PATHS = [
  'password',
  'pass',
  '*.password',
  '*.pass',
  'smtp.pass',
  'url',
  '*.url',
  'connectionString',
];
const LOG_FILE = 'dq.log';
const MAX_LOG_BYTES = 10 * 1024 * 1024;
const KEEP_FILES = 5;

/**
 * Logging with pino: readable lines on a TTY, JSON otherwise, always to stderr (stdout is for
 * results), plus a JSON log file under logging.dir rotated by size (dq.log, dq.1.log ... dq.5.log).
 */
export async function createLogger(options: LoggerOptions): Promise<ClosableLogger> {
  const level = options.level;
  // The console shows warnings and errors (commands print their own results); debug/trace
  // configured levels turn it verbose. The file keeps everything from the configured level.
  const consoleLevel = level === 'debug' || level === 'trace' || level === 'error' ? level : 'warn';
  const console =
    process.stderr.isTTY && !options.json
      ? // pino-pretty is loaded only for a terminal; JSON output needs nothing extra.
        (await import('pino-pretty')).default({
          destination: 2,
          colorize: true,
          sync: true,
          ignore: 'pid,hostname',
          translateTime: 'HH:MM:ss',
        })
      : pino.destination({ dest: 2, sync: true });
  const streams: pino.StreamEntry[] = [{ level: consoleLevel as pino.Level, stream: console }];
  let file: ReturnType<typeof pino.destination> | undefined;
  if (options.dir && level !== 'silent') {
    mkdirSync(options.dir, { recursive: true });
    rotate(options.dir);
    file = pino.destination({ dest: join(options.dir, LOG_FILE), append: true, sync: true, mkdir: true });
    streams.push({ level: level as pino.Level, stream: file });
  }
  // Read on every call: secrets found after the logger was made (plugin options) count too.
  const secrets = options.secrets ?? [];
  const mask = (text: string) => secrets.reduce((s, x) => (x.length >= 3 ? s.split(x).join('***') : s), text);
  const base = pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '***' },
      hooks: {
        logMethod(args, method) {
          const masked = secrets.length > 0 ? args.map((a) => maskDeep(a, mask)) : args;
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    pino.multistream(streams),
  );
  return {
    logger: base as unknown as Logger,
    async close() {
      if (!file) return;
      try {
        file.flushSync();
      } catch {
        /* not open yet, or nothing buffered */
      }
      file.end();
    },
  };
}

/** `value` with `mask` applied to every string in it (log messages and the objects beside them). */
function maskDeep(value: unknown, mask: (text: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return mask(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(value) as object), value) as Error;
    copy.message = mask(value.message);
    if (value.stack) copy.stack = mask(value.stack);
    return copy;
  }
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, mask, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v, mask, depth + 1)]));
}

/**
 * Size-based rotation when a command starts: a CLI process is short-lived, so checking once per
 * run bounds the files without a timer (pino-roll's import alone cost ~0.2 s per command).
 */
function rotate(dir: string): void {
  const current = join(dir, LOG_FILE);
  if (!existsSync(current) || statSync(current).size < MAX_LOG_BYTES) return;
  rmSync(join(dir, `dq.${KEEP_FILES}.log`), { force: true });
  for (let i = KEEP_FILES - 1; i >= 1; i--) {
    const from = join(dir, `dq.${i}.log`);
    if (existsSync(from)) renameSync(from, join(dir, `dq.${i + 1}.log`));
  }
  renameSync(current, join(dir, 'dq.1.log'));
}
