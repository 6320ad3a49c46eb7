/** One HTTP delivery: what to POST and how hard to try. */
export interface HttpDelivery {
  url: string;
  body: string;
  headers: Record<string, string>;
  /** One attempt's limit. */
  timeoutMs: number;
  /** Further attempts after a connection error, a timeout, 429 or 5xx. */
  retries: number;
  /** First wait between attempts (doubled each time, at most 10 s); Retry-After overrides it. */
  backoffMs?: number;
  /** The longest Retry-After honoured (longer ones fail the delivery instead of stalling the run). */
  maxRetryAfterMs?: number;
  onRetry?(attempt: number, reason: string, delayMs: number): void;
}

/** A delivery that reached the receiver. */
export interface HttpDeliveryResult {
  attempts: number;
  status: number;
}

/** A delivery that did not, with what the last attempt got. */
export class HttpDeliveryError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HttpDeliveryError';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * POSTs the body, retrying with backoff on connection errors, timeouts, 429 and 5xx (honouring
 * Retry-After); other 4xx fail at once. The same body and headers go with every attempt, so a
 * receiver that keys on the idempotency key drops a repeat that follows a lost response. Error
 * messages name the host only: the URL carries the destination's token.
 */
export async function deliverHttp(delivery: HttpDelivery): Promise<HttpDeliveryResult> {
  const host = new URL(delivery.url).host;
  const backoff = delivery.backoffMs ?? 500;
  const maxRetryAfter = delivery.maxRetryAfterMs ?? 30_000;
  for (let attempt = 1; ; attempt++) {
    let reason: string;
    let status: number | undefined;
    let waitMs = Math.min(backoff * 2 ** (attempt - 1), 10_000);
    try {
      const res = await fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...delivery.headers },
        body: delivery.body,
        redirect: 'error',
        signal: AbortSignal.timeout(delivery.timeoutMs),
      });
      status = res.status;
      // The body is read (and dropped) so the connection can be reused; it may echo the request.
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { attempts: attempt, status };
      reason = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
      if (res.status !== 429 && res.status < 500) {
        throw new HttpDeliveryError(`${host} answered ${reason} (not retried)`, attempt, status);
      }
      const after = retryAfterMs(res.headers.get('retry-after'));
      if (after !== undefined) {
        if (after > maxRetryAfter) {
          throw new HttpDeliveryError(
            `${host} answered ${reason} with Retry-After ${Math.round(after / 1000)} s, longer than the ${maxRetryAfter / 1000} s dq waits`,
            attempt,
            status,
          );
        }
        waitMs = after;
      }
    } catch (err) {
      if (err instanceof HttpDeliveryError) throw err;
      const e = err as Error & { cause?: { code?: string; message?: string } };
      reason =
        e.name === 'TimeoutError' || e.name === 'AbortError'
          ? `no answer within ${delivery.timeoutMs} ms`
          : `${e.cause?.code ?? e.name}: ${e.cause?.message ?? e.message}`;
    }
    if (attempt > delivery.retries) {
      throw new HttpDeliveryError(`${host}: ${reason}`, attempt, status);
    }
    delivery.onRetry?.(attempt, reason, waitMs);
    await sleep(waitMs);
  }
}
