import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, relative, resolve } from 'node:path';
import { type DqConfig, DqError } from '@dq/plugin-api';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { type Document, LineCounter, parseDocument } from 'yaml';
import { alertingProblems } from './alerting-problems.js';
import { describeAjvError, formatPath, lineOf, pointerToPath } from './config-errors.js';
import { ConfigSchema } from './config-schema.js';
import { databaseUrlProblem } from './database-url.js';
import { readEnvOverrides, setPath } from './env-overrides.js';
import { interpolate } from './interpolate.js';
import { schemaSecrets } from './schema-secrets.js';
import { sourceProblems } from './source-problems.js';

/** The default config file, relative to the working directory. */
export const DEFAULT_CONFIG_FILE = 'config/dq.config.yaml';

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** An explicit file (--config); it must exist. */
  file?: string | undefined;
  /** Directory relative paths resolve against (the command's working directory). */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Values applied after the file and the environment (tests, CLI flags). */
  overrides?: Record<string, unknown>;
}

/** A loaded configuration and the secret values it holds (to scrub from messages). */
export interface LoadedConfig {
  config: DqConfig;
  secrets: string[];
  /**
   * Where a value of the config was written, for messages about it found later (plugin and
   * source options): `file:line`, or the environment variable it came from.
   */
  locate(path: readonly (string | number)[]): string;
}

/** The validator the build precompiles next to this module (scripts/build-config-validator.mjs). */
export const PRECOMPILED_VALIDATOR = './config-validator.cjs';
/** The options the schema is compiled with, here and by the build. */
export const VALIDATOR_OPTIONS = {
  allErrors: true,
  useDefaults: true,
  verbose: true,
  strict: false,
} as const;

const require = createRequire(import.meta.url);
let compiled: ValidateFunction | undefined;
/**
 * The built CLI loads the validator the build generated: compiling the schema with ajv took about
 * 0.1 s of CPU on every command. Running from source (tests) it is compiled on first use.
 */
function validator(): ValidateFunction {
  compiled ??= precompiled() ?? compile();
  return compiled;
}

function precompiled(): ValidateFunction | undefined {
  try {
    return (require(PRECOMPILED_VALIDATOR) as { default: ValidateFunction }).default;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw err;
  }
}

function compile(): ValidateFunction {
  const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  return new Ajv2020(VALIDATOR_OPTIONS).compile(ConfigSchema);
}

/**
 * Loads the configuration: the YAML file (explicit, or config/dq.config.yaml if present), `${VAR}`
 * interpolation, `DQ_*` environment overrides, DATABASE_URL, defaults, validation and path
 * resolution. Every problem is reported at once with the file, line, key path and fix.
 */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const file = findConfigFile(options.file, cwd);
  const rel = file ? relative(cwd, file) : '';
  const display = file ? (rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file) : '(defaults)';

  let doc: Document | undefined;
  let counter: LineCounter | undefined;
  let raw: unknown = {};
  if (file) {
    counter = new LineCounter();
    doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: counter, prettyErrors: true });
    if (doc.errors.length > 0) throw yamlError(doc, display);
    raw = doc.toJS() ?? {};
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      throw new DqError(
        'DQ_CONFIG_INVALID',
        `${display}: the top level must be a mapping of keys (project:, database:, ...).`,
      );
    }
  }

  const where = (path: string) => {
    const line = lineOf(doc, counter, path.split(/\.|\[(\d+)\]/).filter(Boolean));
    return line ? `${display}:${line}` : display;
  };
  const envOrigins = new Map<string, string>();
  const data = interpolate(raw, env, where, (path, variable) =>
    envOrigins.set(path, `${variable} (through ${where(path)})`),
  ) as Record<string, unknown>;

  for (const override of readEnvOverrides(env)) {
    setPath(data, override.path, override.value);
    envOrigins.set(override.path.join('.'), override.variable);
  }
  for (const [key, value] of Object.entries(options.overrides ?? {})) setPath(data, key.split('.'), value);
  const dbSection = (data.database ?? {}) as Record<string, unknown>;
  if (dbSection.url === undefined && env.DATABASE_URL) {
    setPath(data, ['database', 'url'], env.DATABASE_URL);
    envOrigins.set('database.url', 'DATABASE_URL');
  }

  const validate = validator();
  const valid = validate(data);
  const urlProblem =
    typeof dbSectionUrl(data) === 'string' ? databaseUrlProblem(dbSectionUrl(data) as string) : undefined;
  const urlOrigin = envOrigins.get('database.url');
  const problems = [
    ...(valid ? [] : (validate.errors ?? []))
      .filter(dropUnionNoise)
      .map((error) => locate(error, data, display, doc, counter, envOrigins)),
    ...sourceProblems(data.sources, where),
    ...alertingProblems(data.alerting, where),
    ...distributionProblems(data, where),
    ...(urlProblem === undefined
      ? []
      : [
          urlOrigin
            ? `environment variable ${urlOrigin}: database.url: ${urlProblem}`
            : `${where('database.url')}: database.url: ${urlProblem}`,
        ]),
  ];
  if (problems.length > 0) {
    const unique = [...new Set(problems)].sort((a, b) => lineNumber(a) - lineNumber(b));
    throw new DqError(
      'DQ_CONFIG_INVALID',
      `Invalid configuration (${unique.length} problem${unique.length === 1 ? '' : 's'}):\n  - ${unique.join('\n  - ')}`,
      { details: unique },
    );
  }

  const config = resolvePaths(data as unknown as Omit<DqConfig, 'configFile'>, cwd);
  const locateValue = (path: readonly (string | number)[]): string => {
    const dotted = formatPath(path);
    for (const [envPath, variable] of envOrigins) {
      if (dotted === envPath || dotted.startsWith(`${envPath}.`) || dotted.startsWith(`${envPath}[`)) {
        return `environment variable ${variable}`;
      }
    }
    const line = lineOf(doc, counter, path, true) ?? lineOf(doc, counter, path) ?? nearestLine(path);
    return line ? `${display}:${line}` : display;
  };
  /** The line of the closest enclosing value that is in the file (a key added by defaults is not). */
  const nearestLine = (path: readonly (string | number)[]): number | undefined => {
    for (let n = path.length - 1; n > 0; n--) {
      const line = lineOf(doc, counter, path.slice(0, n));
      if (line) return line;
    }
    return undefined;
  };
  return { config: { ...config, configFile: file }, secrets: collectSecrets(config), locate: locateValue };
}

/** Citus is a server extension: the embedded database cannot distribute anything. */
function distributionProblems(data: Record<string, unknown>, where: (path: string) => string): string[] {
  const section = (data.database ?? {}) as Record<string, unknown>;
  if (section.distribution !== 'citus' || typeof section.url === 'string') return [];
  return [
    `${where('database.distribution')}: database.distribution: citus needs a Citus coordinator. Fix: set DATABASE_URL (or database.url) to the coordinator, or remove distribution to use the embedded database.`,
  ];
}

function dbSectionUrl(data: Record<string, unknown>): unknown {
  return (data.database as Record<string, unknown> | undefined)?.url;
}

/**
 * The first YAML error, where it is, and how many follow from it: one misplaced token (an
 * unquoted `${VAR}` inside `{ ... }`) makes the parser report every token after it.
 */
function yamlError(doc: Document, display: string): DqError {
  const [first, ...rest] = doc.errors;
  const line = first!.linePos?.[0]?.line ?? 1;
  const text = first!.message.split('\n')[0] ?? '';
  const message = `${display}:${line}: not valid YAML: ${text}${rest.length > 0 ? ` (and ${rest.length} more error${rest.length === 1 ? '' : 's'} after it, most likely caused by it)` : ''}`;
  const unquotedVar = /flow-map-start|flow-map-end|Unexpected scalar/.test(text)
    ? // biome-ignore lint/suspicious/noTemplateCurlyInString: the hint shows config syntax
      ' A value like ${VAR} inside { ... } must be quoted: url: "${DATABASE_URL}".'
    : '';
  return new DqError('DQ_CONFIG_INVALID', `The config file ${display} is not valid YAML:\n  ${message}`, {
    details: [message],
    hint: `Fix line ${line} of ${display}.${unquotedVar}`,
  });
}

/** Orders messages by their line (`file:12: ...`); environment problems come last. */
function lineNumber(message: string): number {
  const match = /^[^:]*:(\d+): /.exec(message);
  return match ? Number(match[1]) : Number.MAX_SAFE_INTEGER;
}

function findConfigFile(explicit: string | undefined, cwd: string): string | undefined {
  if (explicit) {
    const file = resolve(cwd, explicit);
    if (!existsSync(file)) {
      throw new DqError(
        'DQ_CONFIG_NOT_FOUND',
        `Config file ${explicit} does not exist (looked for ${file}).`,
      );
    }
    return file;
  }
  const fallback = resolve(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(fallback) ? fallback : undefined;
}

/** ajv reports every branch of a union; keep only the union's own message. */
function dropUnionNoise(error: ErrorObject, _i: number, all: ErrorObject[]): boolean {
  return !all.some(
    (other) =>
      other !== error &&
      other.keyword === 'anyOf' &&
      error.schemaPath.startsWith(other.schemaPath.replace(/\/anyOf$/, '/anyOf/')) &&
      error.instancePath.startsWith(other.instancePath),
  );
}

function locate(
  error: ErrorObject,
  data: unknown,
  display: string,
  doc: Document | undefined,
  counter: LineCounter | undefined,
  envOrigins: Map<string, string>,
): string {
  const valuePath = pointerToPath(error.instancePath);
  const value = valuePath.reduce<unknown>(
    (node, seg) => (node as Record<string | number, unknown>)?.[seg],
    data,
  );
  const { path, key, text } = describeAjvError(error, value);
  const dotted = formatPath(path);
  for (const [envPath, variable] of envOrigins) {
    if (dotted === envPath || dotted.startsWith(`${envPath}.`) || envPath.startsWith(`${dotted}.`)) {
      return `environment variable ${variable}: ${text}`;
    }
  }
  const line = lineOf(doc, counter, path, key) ?? lineOf(doc, counter, path.slice(0, -1));
  return `${display}${line ? `:${line}` : ''}: ${text}`;
}

function resolvePaths(config: Omit<DqConfig, 'configFile'>, cwd: string): Omit<DqConfig, 'configFile'> {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));
  return {
    ...config,
    database: { ...config.database, embedded: { dir: abs(config.database.embedded.dir) } },
    plugins: config.plugins,
    sources: config.sources.map((s) => (s.path ? { ...s, path: abs(s.path), pathAsWritten: s.path } : s)),
    generate: { ...config.generate, out: abs(config.generate.out) },
    quality: { ...config.quality, rules: abs(config.quality.rules) },
    reporting: {
      ...config.reporting,
      html: { ...config.reporting.html, outDir: abs(config.reporting.html.outDir) },
      docs: { outDir: abs(config.reporting.docs.outDir) },
    },
    logging: { ...config.logging, dir: abs(config.logging.dir) },
  };
}

/** Every secret the config holds, as its schema marks them (and every URL's password). */
function collectSecrets(config: Omit<DqConfig, 'configFile'>): string[] {
  return schemaSecrets(ConfigSchema, config);
}
