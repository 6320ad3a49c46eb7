import { existsSync, statSync } from 'node:fs';
import { redactUrl } from '@dq/db';

/**
 * What is wrong with a database URL that the driver would only report as "Invalid URL" or a raw
 * ENOENT: the scheme, a URL Node cannot parse, a port out of range, a socket directory that does
 * not exist. Undefined when it looks usable. Never includes the password.
 */
export function databaseUrlProblem(url: string): string | undefined {
  const shown = JSON.stringify(redactUrl(url));
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1];
  if (!scheme) return `${shown} is not a URL. Fix: write postgres://user@host:5432/database.`;
  if (!/^postgres(ql)?$/i.test(scheme)) {
    return `${shown} starts with "${scheme}://". Fix: the scheme is postgres:// (or postgresql://).`;
  }
  const port = /^[^/]*\/\/(?:[^@/?#]*@)?(?:\[[^\]]*\]|[^:/?#@]*):([^/?#@]*)(?=[/?#]|$)/.exec(url)?.[1];
  if (port !== undefined && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    return `${shown} has port "${port}". Fix: use a port from 1 to 65535 (PostgreSQL's default is 5432).`;
  }
  // An empty host (postgres:///db, postgres://user@/db?host=/socket/dir) is valid for the driver.
  const withHost = url.replace(/^([a-z0-9+.-]+:\/\/(?:[^@/?#]*@)?)(?=[/?#]|$)/i, '$1localhost');
  let parsed: URL;
  try {
    parsed = new URL(withHost);
  } catch {
    return `${shown} is not a valid URL. Fix: percent-encode special characters in the user and password (e.g. @ as %40).`;
  }
  const hostParam = parsed.searchParams.get('host');
  const socketDir =
    hostParam ?? (parsed.hostname.startsWith('%2F') ? decodeURIComponent(parsed.hostname) : undefined);
  if (socketDir?.startsWith('/') && !(existsSync(socketDir) && statSync(socketDir).isDirectory())) {
    return `${shown} names the socket directory ${socketDir}, which does not exist. Fix: use the directory the server's unix socket is in (e.g. /var/run/postgresql), or a host name.`;
  }
  return undefined;
}
