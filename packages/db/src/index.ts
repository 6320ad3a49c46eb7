export { EmbeddedLock } from './embedded-lock.js';
export { coreMigrations, type MigrationReport, type MigrationSet, Migrator } from './migrator.js';
export { type DatabaseSettings, openDatabase } from './open-database.js';
export { PgDatabase } from './pg-database.js';
export { PgliteDatabase } from './pglite-database.js';
export { redactUrl, scrub, urlPassword } from './redact.js';
