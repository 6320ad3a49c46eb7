/** Query parameters of a connection URL that carry a secret (libpq's and pg's names). */
const SECRET_PARAMS = /^(password|sslpassword|passfile_password)$/i;
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/[^:/@?#]*:)([^@/?#]*)@/i;
const QUERY_SECRET = /([?&](?:password|sslpassword|passfile_password)=)([^&#]*)/gi;

/**
 * A connection URL safe to print: the password of its user info and every secret query
 * parameter (`?password=`) replaced by `***`. Works on URLs Node cannot parse too (a typo in the
 * scheme, a port out of range), so a broken URL is never printed with its password.
 */
export function redactUrl(url: string): string {
  return url
    .replace(USERINFO, (_m, head: string, pass: string) => `${head}${pass ? '***' : ''}@`)
    .replace(QUERY_SECRET, (_m, head: string) => `${head}***`);
}

/**
 * Every secret a connection URL holds (user-info password, secret query parameters), as written
 * and decoded, so callers can scrub them from foreign messages.
 */
export function urlSecrets(url: string): string[] {
  const found = new Set<string>();
  const add = (value: string | undefined) => {
    if (!value) return;
    found.add(value);
    try {
      found.add(decodeURIComponent(value));
    } catch {
      /* not percent-encoded */
    }
  };
  add(USERINFO.exec(url)?.[2]);
  for (const match of url.matchAll(QUERY_SECRET)) add(match[2]);
  try {
    const parsed = new URL(url);
    add(parsed.password);
    for (const [key, value] of parsed.searchParams) if (SECRET_PARAMS.test(key)) add(value);
  } catch {
    /* the patterns above cover what Node cannot parse */
  }
  return [...found];
}

/** Replaces every occurrence of each secret in `text` with `***`. */
export function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  // Longest first: a secret that contains another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => (b?.length ?? 0) - (a?.length ?? 0))) {
    if (secret && secret.length >= 3) out = out.split(secret).join('***');
  }
  return out;
}
