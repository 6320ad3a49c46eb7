import { resolve } from 'node:path';
import type { Database } from '@dq/plugin-api';
import { PgDatabase } from './pg-database.js';
import { PgliteDatabase } from './pglite-database.js';

/** Where the database is: a server URL, or else the embedded directory. */
export interface DatabaseSettings {
  /** PostgreSQL connection URL; when set, the server is used. */
  url?: string | undefined;
  /** Embedded PGlite directory (used when url is unset). Omit both for an in-memory database. */
  embeddedDir?: string | undefined;
  poolSize?: number | undefined;
}

/**
 * Builds the Database for the settings: a pg Pool when a URL is given, PGlite otherwise. Nothing
 * connects until the first statement (or connect()).
 */
export function openDatabase(settings: DatabaseSettings): Database {
  if (settings.url) return new PgDatabase(settings.url, { poolSize: settings.poolSize ?? 4 });
  return new PgliteDatabase(settings.embeddedDir ? resolve(settings.embeddedDir) : undefined);
}
