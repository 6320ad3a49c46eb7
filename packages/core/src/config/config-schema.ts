/**
 * JSON Schema of config/dq.config.yaml (DESIGN section 5). Defaults fill what is left out; every
 * object rejects unknown keys so a typo is an error, not a silently ignored setting. The shape
 * matches the DqConfig type of @dq/plugin-api. `secret: true` marks a value that is never shown
 * (schemaSecrets); URL passwords are secrets wherever a URL appears.
 */
type Schema = Record<string, unknown>;

const obj = (properties: Record<string, Schema>, extra: Schema = {}): Schema => ({
  type: 'object',
  additionalProperties: false,
  properties,
  default: {},
  ...extra,
});
const str = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });
const int = (extra: Schema = {}): Schema => ({ type: 'integer', ...extra });
const oneOf = (values: readonly string[], fallback?: string): Schema => ({
  type: 'string',
  enum: [...values],
  ...(fallback === undefined ? {} : { default: fallback }),
});
const IDENT = '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$';

const source: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'kind', 'table'],
  properties: {
    name: str({ pattern: '^[A-Za-z0-9_.-]+$' }),
    kind: str(),
    table: str({ pattern: IDENT }),
    mode: oneOf(['full', 'incremental'], 'full'),
    path: str(),
    pattern: str(),
    delimiter: str({ minLength: 1, maxLength: 1 }),
    encoding: str(),
    nullValues: { type: 'array', items: str() },
    options: { type: 'object' },
  },
};

const NAME = '^[A-Za-z0-9][A-Za-z0-9_.-]*$';
const DURATION = '^[0-9]+(\\.[0-9]+)?(s|m|h|d)$';
const names = (): Schema => ({ type: 'array', items: str({ minLength: 1 }), default: [] });

const alertDestination: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'url'],
  properties: {
    kind: str({ minLength: 1 }),
    // Webhook URLs carry their token: the URL, the signing secret and header values are secrets.
    url: str({ pattern: '^https?://', secret: true }),
    secret: str({ minLength: 1, secret: true }),
    headers: { type: 'object', additionalProperties: str({ secret: true }) },
    timeoutMs: int({ minimum: 100, maximum: 300000, default: 10000 }),
    retries: int({ minimum: 0, maximum: 10, default: 3 }),
  },
};

const alertRoute: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['destinations'],
  properties: {
    destinations: { type: 'array', items: str({ minLength: 1 }), minItems: 1 },
    severity: { type: 'array', items: oneOf(['critical', 'warning', 'info']), default: [] },
    category: names(),
    tag: names(),
    owner: names(),
    suppressInterval: str({ pattern: DURATION }),
  },
};

const pluginEntry: Schema = {
  anyOf: [
    str({ minLength: 1 }),
    { type: 'array', prefixItems: [str({ minLength: 1 }), { type: 'object' }], minItems: 2, maxItems: 2 },
  ],
};

export const ConfigSchema: Schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: str(),
    project: obj({ name: str({ default: 'dq' }), environment: str({ default: 'development' }) }),
    database: obj({
      url: str(), // checked by databaseUrlProblem: a clearer message than a pattern
      embedded: obj({ dir: str({ default: '.dq/pgdata' }) }),
      poolSize: int({ minimum: 1, maximum: 100, default: 4 }),
      // citus: `dq db migrate` shards the facts and makes the dimensions reference tables
      distribution: oneOf(['none', 'citus'], 'none'),
    }),
    plugins: { type: 'array', items: pluginEntry, default: [] },
    sources: { type: 'array', items: source, default: [] },
    generate: obj({
      seed: int({ default: 42 }),
      customers: int({ minimum: 1, default: 50000 }),
      products: int({ minimum: 1, default: 500 }),
      transactions: int({ minimum: 1, default: 200000 }),
      campaigns: int({ minimum: 1, default: 25 }),
      out: str({ default: 'data/raw' }),
      scale: { type: 'number', exclusiveMinimum: 0, default: 1 },
      generator: str({ minLength: 1 }),
    }),
    quality: obj({
      rules: str({ default: 'rules' }),
      failOn: oneOf(['critical', 'warning', 'info', 'never'], 'critical'),
      exceptionSampleLimit: int({ minimum: 0, default: 1000 }),
      statementTimeoutMs: int({ minimum: 0, default: 60000 }),
      ruleRole: str({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,62}$', default: 'dq_rule_reader' }),
      rulePassword: str({ secret: true }),
    }),
    reporting: obj({
      html: obj({ outDir: str({ default: 'reports' }), baseUrl: str({ pattern: '^https?://' }) }),
      email: obj({
        enabled: { type: 'boolean', default: false },
        smtp: obj({
          host: str({ default: 'localhost' }),
          port: int({ minimum: 1, maximum: 65535, default: 1025 }),
          secure: { type: 'boolean', default: false },
          user: str(),
          pass: str({ secret: true }),
        }),
        from: str({ default: 'dq@example.com' }),
        to: { type: 'array', items: str(), default: [] },
      }),
      charts: obj({
        renderer: str({ default: 'builtin' }),
        quickchart: {
          type: 'object',
          additionalProperties: false,
          required: ['host'],
          properties: { host: str() },
        },
      }),
      docs: obj({ outDir: str({ default: 'docs/generated' }) }),
    }),
    alerting: obj({
      enabled: { type: 'boolean', default: false },
      suppressInterval: str({ pattern: DURATION, default: '24h' }),
      destinations: {
        type: 'object',
        propertyNames: { pattern: NAME },
        additionalProperties: alertDestination,
        default: {},
      },
      routes: {
        type: 'object',
        propertyNames: { pattern: NAME },
        additionalProperties: alertRoute,
        default: {},
      },
      owners: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          properties: {
            slack: str({ pattern: '^[UWS][A-Z0-9]{2,}$' }),
            email: str({ pattern: '^[^@\\s]+@[^@\\s]+$' }),
          },
        },
        default: {},
      },
    }),
    logging: obj({
      level: oneOf(['trace', 'debug', 'info', 'warn', 'error', 'silent'], 'info'),
      dir: str({ default: 'logs' }),
    }),
  },
};
