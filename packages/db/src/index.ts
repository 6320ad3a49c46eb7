export { EmbeddedLock } from './embedded-lock.js';
export { coreMigrations, type MigrationReport, type MigrationSet, Migrator } from './migrator.js';
export { type DatabaseSettings, openDatabase } from './open-database.js';
export { PgDatabase, type PgDatabaseOptions } from './pg-database.js';
export { PgliteDatabase } from './pglite-database.js';
export { redactUrl, scrub, urlSecrets } from './redact.js';
