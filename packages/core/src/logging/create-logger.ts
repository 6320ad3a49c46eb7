import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DqConfig, Logger } from '@dq/plugin-api';
import { pino } from 'pino';
import pretty from 'pino-pretty';
import roll from 'pino-roll';

type Sink = pino.DestinationStream & {
  flushSync?: () => void;
  end?: () => void;
  once?: (e: string, f: () => void) => void;
};

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

/**
 * Logging with pino: readable lines on a TTY, JSON otherwise, always to stderr (stdout is for
 * results), plus a size-rotated JSON file under logging.dir.
 */
export async function createLogger(options: LoggerOptions): Promise<ClosableLogger> {
  const level = options.level === 'silent' ? 'silent' : options.level;
  const console =
    process.stderr.isTTY && !options.json
      ? pretty({
          destination: 2,
          colorize: true,
          sync: true,
          ignore: 'pid,hostname',
          translateTime: 'HH:MM:ss',
        })
      : pino.destination({ dest: 2, sync: true });
  // The console shows warnings and errors (commands print their own results); debug/trace
  // configured levels turn it verbose. The file keeps everything from the configured level.
  const consoleLevel = level === 'debug' || level === 'trace' || level === 'error' ? level : 'warn';
  const streams: pino.StreamEntry[] = [{ level: consoleLevel as pino.Level, stream: console as Sink }];
  let file: Sink | undefined;
  if (options.dir && level !== 'silent') {
    mkdirSync(options.dir, { recursive: true });
    // Size-based rotation only: a frequency would start a timer that keeps a CLI process alive.
    file = (await roll({
      file: join(options.dir, 'dq'),
      extension: '.log',
      size: '10m',
      limit: { count: 5 },
      mkdir: true,
    })) as Sink;
    streams.push({ level: level as pino.Level, stream: file });
  }
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 3);
  const base = pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '***' },
      hooks: secrets.length
        ? {
            logMethod(args, method) {
              const masked = args.map((a) =>
                typeof a === 'string' ? secrets.reduce((s, x) => s.split(x).join('***'), a) : a,
              );
              method.apply(this, masked as Parameters<typeof method>);
            },
          }
        : {},
    },
    pino.multistream(streams),
  );
  return {
    logger: base as unknown as Logger,
    async close() {
      if (!file) return;
      try {
        file.flushSync?.();
      } catch {
        /* nothing buffered */
      }
      await new Promise<void>((resolve) => {
        file?.once?.('close', () => resolve());
        file?.once?.('error', () => resolve());
        file?.end?.();
        setTimeout(resolve, 500).unref();
      });
    },
  };
}
