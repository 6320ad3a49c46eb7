import type { DqConfig } from '@dq/plugin-api';
import { type Static, Type as T, type TUnsafe } from '@sinclair/typebox';

const strict = { additionalProperties: false } as const;

/** A string enum as plain JSON Schema `enum` (clearer validation messages than anyOf of consts). */
function StringEnum<const V extends string>(values: readonly V[], options: { default?: V } = {}): TUnsafe<V> {
  return T.Unsafe<V>({ type: 'string', enum: [...values], ...options });
}

const SourceSchema = T.Object(
  {
    name: T.String({ pattern: '^[A-Za-z0-9_.-]+$', description: 'unique source name' }),
    kind: T.String({ description: 'source kind, e.g. csv' }),
    table: T.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$' }),
    mode: StringEnum(['full', 'incremental'], { default: 'full' }),
    path: T.Optional(T.String()),
    pattern: T.Optional(T.String()),
    delimiter: T.Optional(T.String({ minLength: 1, maxLength: 1 })),
    encoding: T.Optional(T.String()),
    nullValues: T.Optional(T.Array(T.String())),
    options: T.Optional(T.Record(T.String(), T.Unknown())),
  },
  strict,
);

const PluginEntrySchema = T.Union([
  T.String({ minLength: 1 }),
  T.Tuple([T.String({ minLength: 1 }), T.Record(T.String(), T.Unknown())]),
]);

/** JSON Schema of config/dq.config.yaml (DESIGN section 5); defaults fill what is left out. */
export const ConfigSchema = T.Object(
  {
    $schema: T.Optional(T.String()),
    project: T.Object(
      { name: T.String({ default: 'dq' }), environment: T.String({ default: 'development' }) },
      { ...strict, default: {} },
    ),
    database: T.Object(
      {
        url: T.Optional(T.String({ pattern: '^postgres(ql)?://' })),
        embedded: T.Object({ dir: T.String({ default: '.dq/pgdata' }) }, { ...strict, default: {} }),
        poolSize: T.Integer({ minimum: 1, maximum: 100, default: 4 }),
      },
      { ...strict, default: {} },
    ),
    plugins: T.Array(PluginEntrySchema, { default: [] }),
    sources: T.Array(SourceSchema, { default: [] }),
    generate: T.Object(
      {
        seed: T.Integer({ default: 42 }),
        customers: T.Integer({ minimum: 1, default: 50000 }),
        products: T.Integer({ minimum: 1, default: 500 }),
        transactions: T.Integer({ minimum: 1, default: 200000 }),
        campaigns: T.Integer({ minimum: 1, default: 25 }),
        out: T.String({ default: 'data/raw' }),
      },
      { ...strict, default: {} },
    ),
    quality: T.Object(
      {
        rules: T.String({ default: 'rules' }),
        failOn: StringEnum(['critical', 'warning', 'info', 'never'], { default: 'critical' }),
        exceptionSampleLimit: T.Integer({ minimum: 0, default: 1000 }),
        statementTimeoutMs: T.Integer({ minimum: 0, default: 60000 }),
      },
      { ...strict, default: {} },
    ),
    reporting: T.Object(
      {
        html: T.Object({ outDir: T.String({ default: 'reports' }) }, { ...strict, default: {} }),
        email: T.Object(
          {
            enabled: T.Boolean({ default: false }),
            smtp: T.Object(
              {
                host: T.String({ default: 'localhost' }),
                port: T.Integer({ minimum: 1, maximum: 65535, default: 1025 }),
                secure: T.Boolean({ default: false }),
                user: T.Optional(T.String()),
                pass: T.Optional(T.String()),
              },
              { ...strict, default: {} },
            ),
            from: T.String({ default: 'dq@example.com' }),
            to: T.Array(T.String(), { default: [] }),
          },
          { ...strict, default: {} },
        ),
        charts: T.Object(
          {
            renderer: T.String({ default: 'builtin' }),
            quickchart: T.Optional(T.Object({ host: T.String() }, strict)),
          },
          { ...strict, default: {} },
        ),
        docs: T.Object({ outDir: T.String({ default: 'docs/generated' }) }, { ...strict, default: {} }),
      },
      { ...strict, default: {} },
    ),
    logging: T.Object(
      {
        level: StringEnum(['trace', 'debug', 'info', 'warn', 'error', 'silent'], { default: 'info' }),
        dir: T.String({ default: 'logs' }),
      },
      { ...strict, default: {} },
    ),
  },
  strict,
);

export type ConfigFile = Static<typeof ConfigSchema>;

// Compile-time check that the schema and the public DqConfig type agree.
type Assert<A extends B, B> = A;
export type _SchemaMatchesContract = Assert<
  Omit<ConfigFile, '$schema'> & { configFile: string | undefined },
  DqConfig
>;
