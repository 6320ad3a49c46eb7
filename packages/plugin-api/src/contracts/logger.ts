/** Structured logger (pino-compatible subset). Logs go to stderr and the log file, never stdout. */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  /** A logger that adds `bindings` to every line (e.g. `{ source: 'crm_customers' }`). */
  child(bindings: Record<string, unknown>): Logger;
}
