import type { Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';

/** Options of {@link sendWithRetry}. */
export interface RetryOptions {
  /** Waits between attempts; attempts = delays + 1. Default 0.5 s then 1 s (three attempts). */
  delaysMs?: readonly number[];
  /** Called before each retry (for logging). */
  onRetry?(attempt: number, err: Error, delayMs: number): void;
}

const TRANSIENT_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'ECONNREFUSED',
  'ECONNRESET',
  'EDNS',
]);

/** Connection refused or reset, a timeout, or an SMTP 4xx reply: worth another try. */
export function isTransientSmtpError(err: unknown): boolean {
  const e = err as { code?: string; responseCode?: number };
  if (typeof e.responseCode === 'number') return e.responseCode >= 400 && e.responseCode < 500;
  return typeof e.code === 'string' && TRANSIENT_CODES.has(e.code);
}

/** The outcome of {@link sendWithRetry}. */
export interface SendResult {
  messageId: string;
  attempts: number;
  accepted: string[];
}

/** Sends `message`, retrying transient failures with backoff; throws the last error with `attempts` set. */
export async function sendWithRetry(
  transport: Transporter,
  message: Mail.Options,
  options: RetryOptions = {},
): Promise<SendResult> {
  const delays = options.delaysMs ?? [500, 1000];
  for (let attempt = 1; ; attempt++) {
    try {
      const info = await transport.sendMail(message);
      return {
        messageId: String(info.messageId),
        attempts: attempt,
        accepted: (info.accepted as unknown[]).map(String),
      };
    } catch (err) {
      const delay = delays[attempt - 1];
      if (delay === undefined || !isTransientSmtpError(err)) {
        Object.assign(err as object, { attempts: attempt });
        throw err;
      }
      options.onRetry?.(attempt, err as Error, delay);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
