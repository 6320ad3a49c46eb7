import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverHttp, HttpDeliveryError, retryAfterMs } from './http-delivery.js';

type Handler = (req: IncomingMessage, res: ServerResponse, attempt: number, body: string) => void;

/** A real HTTP server on loopback; `handler` decides per attempt. Records every request. */
async function receiver(handler: Handler) {
  const requests: Array<{ headers: IncomingMessage['headers']; body: string; at: number }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      requests.push({ headers: req.headers, body, at: Date.now() });
      handler(req, res, requests.length, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  servers.push(server);
  return { url: `http://127.0.0.1:${port}/hook/tok`, requests };
}
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const send = (url: string, over: Partial<Parameters<typeof deliverHttp>[0]> = {}) =>
  deliverHttp({
    url,
    body: '{"a":1}',
    headers: { 'idempotency-key': 'k' },
    timeoutMs: 1000,
    retries: 3,
    backoffMs: 20,
    ...over,
  });

describe('deliverHttp', () => {
  it('500 twice then 200: delivered once, on the third attempt, the same body and key each time', async () => {
    const r = await receiver((_q, res, n) => {
      res.statusCode = n <= 2 ? 500 : 200;
      res.end();
    });
    expect(await send(r.url)).toEqual({ attempts: 3, status: 200 });
    expect(r.requests.map((q) => [q.body, q.headers['idempotency-key']])).toEqual([
      ['{"a":1}', 'k'],
      ['{"a":1}', 'k'],
      ['{"a":1}', 'k'],
    ]);
  });

  it('honours Retry-After on 429', async () => {
    const r = await receiver((_q, res, n) => {
      res.statusCode = n === 1 ? 429 : 204;
      if (n === 1) res.setHeader('retry-after', '1');
      res.end();
    });
    expect(await send(r.url)).toEqual({ attempts: 2, status: 204 });
    expect(r.requests[1]!.at - r.requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('does not retry a 4xx other than 429, and names the host only', async () => {
    const r = await receiver((_q, res) => {
      res.statusCode = 403;
      res.end('bad token');
    });
    const err = await send(r.url).catch((e: HttpDeliveryError) => e);
    expect(err).toBeInstanceOf(HttpDeliveryError);
    expect(err).toMatchObject({ attempts: 1, status: 403 });
    expect((err as Error).message).not.toContain('/hook/tok');
    expect(r.requests).toHaveLength(1);
  });

  it('a receiver that never answers fails after the attempts, each cut at the timeout', async () => {
    const r = await receiver(() => {});
    const started = Date.now();
    const err = await send(r.url, { timeoutMs: 300, retries: 1 }).catch((e: HttpDeliveryError) => e);
    const elapsed = Date.now() - started;
    expect(err).toMatchObject({ attempts: 2, message: expect.stringContaining('no answer within 300 ms') });
    expect(elapsed).toBeGreaterThanOrEqual(600);
    expect(elapsed).toBeLessThan(1500);
  });

  it('a lost response is retried with the same idempotency key, so a receiver that keys on it delivers once', async () => {
    const delivered = new Set<string>();
    const r = await receiver((q, res, n) => {
      delivered.add(String(q.headers['idempotency-key']));
      if (n === 1) return; // processed, but the answer never comes back
      res.statusCode = 200;
      res.end();
    });
    expect(await send(r.url, { timeoutMs: 300 })).toMatchObject({ attempts: 2 });
    expect(r.requests).toHaveLength(2);
    expect([...delivered]).toEqual(['k']);
  });

  it('a refused connection is retried and then fails', async () => {
    const r = await receiver(() => {});
    servers[0]!.close();
    servers[0]!.closeAllConnections();
    const err = await send(r.url, { retries: 1 }).catch((e: HttpDeliveryError) => e);
    expect(err).toMatchObject({ attempts: 2, message: expect.stringContaining('ECONNREFUSED') });
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
