import { type Database, DqError, quoteIdent, quoteLiteral } from '@dq/plugin-api';

/** quality.ruleRole and quality.rulePassword. */
export interface RuleRoleSettings {
  ruleRole: string;
  rulePassword?: string | undefined;
}

/** What `dq db migrate` did about the rule role. */
export interface RuleRoleReport {
  role: string;
  /** True when the role exists and was granted read access to the search_path's schemas. */
  ready: boolean;
  /** Why it is not ready, and what to do (when dq may not create roles). */
  problem?: string;
}

/** The database rules run on, and what the reader of the results should know about it. */
export interface RuleDatabase {
  db: Database;
  /** The role the rules ran as. */
  role: string;
  notes: string[];
}

/**
 * Creates the role rules run as (when missing) and lets it read the tables of the search_path's
 * schemas, now and as they are created (default privileges). It gets nothing else: no write, no
 * server files, no other session's backend, no large objects. On the embedded database, where
 * rules run in dq's own superuser session under SET LOCAL ROLE, set_config is taken away from
 * PUBLIC so a rule cannot switch the role back. Idempotent; safe to run for many databases of one
 * server at once (roles are server-wide).
 */
export async function provisionRuleRole(db: Database, settings: RuleRoleSettings): Promise<RuleRoleReport> {
  const role = settings.ruleRole;
  const ident = quoteIdent(role, 'quality.ruleRole');
  const literal = quoteLiteral(role);
  const login = db.kind === 'postgres' ? 'LOGIN' : 'NOLOGIN';
  try {
    await db.exec(`DO $dq$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal}) THEN
        CREATE ROLE ${ident} ${login} NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- created meanwhile for another database
    END $dq$`);
    if (settings.rulePassword && db.kind === 'postgres') await setPassword(db, ident, settings.rulePassword);
    await db.exec(`DO $dq$ DECLARE s text; BEGIN
      EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), ${literal});
      FOREACH s IN ARRAY current_schemas(false) LOOP
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', s, ${literal});
        EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', s, ${literal});
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO %I', s, ${literal});
      END LOOP;
    END $dq$`);
    if (db.kind === 'pglite') {
      await db.exec('REVOKE EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) FROM PUBLIC');
    } else {
      // A non-superuser dq must be able to cancel the role's statements (the watchdog).
      await db.exec(`DO $dq$ BEGIN
        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
          EXECUTE format('GRANT %I TO %I', ${literal}, current_user);
        END IF;
      EXCEPTION WHEN OTHERS THEN NULL; -- dq then cannot cancel; statement_timeout still applies
      END $dq$`);
    }
    return { role, ready: true };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== '42501') throw err;
    return {
      role,
      ready: false,
      problem: `dq may not create or grant the role ${role} (${(err as Error).message}). Ask an administrator to run: CREATE ROLE ${ident} LOGIN; GRANT USAGE ON SCHEMA public TO ${ident}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${ident}; and, as dq's user, ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO ${ident};`,
    };
  }
}

async function setPassword(db: Database, ident: string, password: string): Promise<void> {
  // ALTER ROLE takes no bound parameters: the password travels as a transaction setting and is
  // quoted by format() on the server, never spliced into the statement text here.
  await db.transaction(async (tx) => {
    await tx.query("SELECT set_config('dq.rule_role_password', $1, true)", [password]);
    await tx.exec(`DO $dq$ BEGIN
      EXECUTE format('ALTER ROLE %s PASSWORD %L', ${quoteLiteral(ident)}, current_setting('dq.rule_role_password'));
    END $dq$`);
  });
}

/**
 * Privileges a rule role must not have (each would let a rule read or do what it must not), and
 * whether it may call set_config (on the embedded database that would let it switch roles).
 */
const ROLE_PROBE = `SELECT r.rolsuper OR r.rolbypassrls
    OR pg_has_role(current_user, 'pg_read_server_files', 'USAGE')
    OR pg_has_role(current_user, 'pg_write_server_files', 'USAGE')
    OR pg_has_role(current_user, 'pg_execute_server_program', 'USAGE')
    OR pg_has_role(current_user, 'pg_signal_backend', 'USAGE') AS unsafe,
    has_function_privilege('pg_catalog.set_config(text, text, boolean)', 'EXECUTE') AS escapable
  FROM pg_roles r WHERE r.rolname = current_user`;

/**
 * The database to run rules on: dq's database as quality.ruleRole. When that role cannot be used
 * and dq itself connects as a superuser, rules do not run at all (a superuser's rule could read
 * the server's files); a non-superuser dq runs them as itself, READ ONLY, and says so.
 */
export async function openRuleDatabase(db: Database, settings: RuleRoleSettings): Promise<RuleDatabase> {
  const role = settings.ruleRole;
  const restricted = db.asRole(role, settings.rulePassword ? { password: settings.rulePassword } : {});
  let reason: string;
  try {
    const probe = await restricted.transaction(
      (tx) => tx.query<{ unsafe: boolean; escapable: boolean }>(ROLE_PROBE),
      { readOnly: true },
    );
    const row = probe.rows[0];
    if (!row) reason = `the role ${role} does not exist`;
    else if (row.unsafe) {
      throw new DqError('DQ_RULE_ROLE_UNAVAILABLE', `quality.ruleRole ${role} may do more than read.`, {
        hint: `Rules must run as a role without superuser, BYPASSRLS or the pg_read_server_files / pg_write_server_files / pg_execute_server_program / pg_signal_backend roles. Take them away from ${role}, or set quality.ruleRole to another role.`,
      });
    } else if (db.kind === 'pglite' && row.escapable) {
      reason = `set_config is still granted to PUBLIC on the embedded database`;
    } else return { db: restricted, role, notes: [] };
  } catch (err) {
    if ((err as DqError).code === 'DQ_RULE_ROLE_UNAVAILABLE') throw err;
    reason = (err as Error).message;
  }
  const superuser = await db.query<{ rolsuper: boolean }>(
    'SELECT rolsuper FROM pg_roles WHERE rolname = current_user',
  );
  if (superuser.rows[0]?.rolsuper !== false) {
    throw new DqError(
      'DQ_RULE_ROLE_UNAVAILABLE',
      `Rules cannot run as the read-only role ${role}: ${reason}. dq connects as a superuser, so rules do not run as dq's own user.`,
      {
        hint: `Run \`dq db migrate\` (it creates and grants ${role}); on a server with password authentication also set quality.rulePassword (e.g. DQ_QUALITY__RULE_PASSWORD).`,
      },
    );
  }
  return {
    db,
    role: 'dq itself',
    notes: [
      `Rules ran READ ONLY as dq's own user, not as the read-only role ${role}: ${reason}. Run \`dq db migrate\` as a user that may create roles, or create ${role} (see the README).`,
    ],
  };
}
