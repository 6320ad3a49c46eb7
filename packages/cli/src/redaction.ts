import { redactUrl, scrub, urlSecrets } from '@dq/db';

/** Environment variables whose value is a secret by name. */
const SECRET_NAME = /(PASS(WORD)?|SECRET|TOKEN|CREDENTIALS?)(_|$)/i;
const URL_VALUE = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * A redactor built from the environment alone, for what is printed before the config is loaded
 * (a broken config, an unparsable DATABASE_URL): the passwords of URL-valued variables and the
 * values of variables named like secrets (PGPASSWORD, SMTP_PASS, DQ_QUALITY__RULE_PASSWORD).
 */
export function environmentRedactor(env: NodeJS.ProcessEnv): (text: string) => string {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (SECRET_NAME.test(name)) secrets.push(value);
    else if (URL_VALUE.test(value)) secrets.push(...urlSecrets(value));
  }
  return (text) => scrub(text, secrets);
}

/** A copy of `value` with every string redacted (and URL passwords masked), for JSON output. */
export function redactDeep(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(URL_VALUE.test(value) ? redactUrl(value) : value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact));
  if (value instanceof Map) return redactDeep(Object.fromEntries(value), redact);
  if (value instanceof Error) return { name: value.name, message: redact(value.message) };
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, redact)]));
  }
  return value;
}
