/** A plugin entry in config: a package name or path, optionally with options. */
export type PluginEntry = string | [string, Record<string, unknown>];

/** One configured source (a feed loaded into a staging table). */
export interface SourceConfig {
  /** Unique name, used by `dq load --source`. */
  name: string;
  /** The source kind, matched against the registered sources (`csv`, ...). */
  kind: string;
  /** Staging table to load into. */
  table: string;
  /** `full` replaces the table; `incremental` appends rows whose row_hash is new. */
  mode: 'full' | 'incremental';
  /** Directory holding the files (absolute once the config is loaded). */
  path?: string;
  /**
   * `path` as the config file wrote it (relative paths stay relative), for documentation that
   * must not show the folders of the machine it was generated on.
   */
  pathAsWritten?: string;
  /** Glob of file names, e.g. `crm_customers_*.csv`. */
  pattern?: string;
  delimiter?: string;
  encoding?: string;
  /** Strings that load as NULL (default `[""]`). */
  nullValues?: string[];
  /** Kind-specific options. */
  options?: Record<string, unknown>;
}

/** The validated configuration (DESIGN section 5). Relative paths are already absolute. */
export interface DqConfig {
  /** The file it was read from, or undefined when only defaults applied. */
  configFile: string | undefined;
  project: { name: string; environment: string };
  database: {
    url?: string;
    embedded: { dir: string };
    /** Connections in the server pool. */
    poolSize: number;
    /**
     * `none`: plain tables on one server. `citus`: the URL is a Citus coordinator and `dq db
     * migrate` places the warehouse tables as their plugins declare ({@link TableDistribution}).
     */
    distribution: 'none' | 'citus';
  };
  plugins: PluginEntry[];
  sources: SourceConfig[];
  generate: {
    seed: number;
    customers: number;
    products: number;
    transactions: number;
    campaigns: number;
    out: string;
    /** Volume multiplier of `dq run --generate` (and the default of `dq generate --scale`); 1 = seed volumes. */
    scale: number;
    /** The generator `dq run --generate` uses (default: the first registered). */
    generator?: string;
  };
  quality: {
    rules: string;
    failOn: 'critical' | 'warning' | 'info' | 'never';
    exceptionSampleLimit: number;
    statementTimeoutMs: number;
    /**
     * The role rules run as: it can only read (created and granted by `dq db migrate` when dq
     * may). On a server dq logs in as it, so a rule cannot switch back to dq's own user.
     */
    ruleRole: string;
    /** The rule role's password, when the server asks for one. A secret: never printed. */
    rulePassword?: string;
  };
  reporting: {
    /** `baseUrl`: where the reports are published; alerts link to them when it is set. */
    html: { outDir: string; baseUrl?: string };
    email: {
      enabled: boolean;
      smtp: { host: string; port: number; secure: boolean; user?: string; pass?: string };
      from: string;
      to: string[];
    };
    charts: { renderer: string; quickchart?: { host: string } };
    docs: { outDir: string };
  };
  alerting: AlertingConfig;
  logging: { level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent'; dir: string };
}

/** Where a route's alerts go and which rules it covers (alerting.routes). */
export interface AlertRouteConfig {
  /** Names of alerting.destinations. */
  destinations: string[];
  /** Rules of these severities, categories, tags and owners (each empty = any; they combine with AND). */
  severity: Array<'critical' | 'warning' | 'info'>;
  category: string[];
  tag: string[];
  owner: string[];
  /** `24h`, `30m`, `7d`: an open issue alerts again after this long; default alerting.suppressInterval. */
  suppressInterval?: string;
}

/** A configured destination (alerting.destinations); url, secret and headers are secrets. */
export interface AlertDestinationConfig {
  kind: string;
  url: string;
  secret?: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  retries: number;
}

/** alerting: routes, destinations and owners. The defaults send nothing. */
export interface AlertingConfig {
  /** `dq check` and `dq run` send alerts only when true. */
  enabled: boolean;
  /** The default suppression interval of routes. */
  suppressInterval: string;
  destinations: Record<string, AlertDestinationConfig>;
  routes: Record<string, AlertRouteConfig>;
  /** Rule owners (the rules' `owner`) mapped to a Slack user or group and an e-mail. */
  owners: Record<string, { slack?: string; email?: string }>;
}
