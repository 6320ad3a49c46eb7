import type { Transporter } from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { isTransientSmtpError, sendWithRetry } from './smtp-send.js';

function transport(outcomes: Array<Error | 'ok'>): { t: Transporter; calls: () => number } {
  let calls = 0;
  const t = {
    sendMail: async () => {
      const next = outcomes[calls++];
      if (next instanceof Error) throw next;
      return { messageId: '<m@x>', accepted: ['a@example.com'] };
    },
  } as unknown as Transporter;
  return { t, calls: () => calls };
}

const err = (props: Record<string, unknown>) => Object.assign(new Error(String(props.code ?? 'smtp')), props);

describe('sendWithRetry', () => {
  it('classifies connection errors, timeouts and 4xx replies as transient, 5xx and auth as final', () => {
    expect(isTransientSmtpError(err({ code: 'ESOCKET' }))).toBe(true);
    expect(isTransientSmtpError(err({ code: 'ETIMEDOUT' }))).toBe(true);
    expect(isTransientSmtpError(err({ code: 'EENVELOPE', responseCode: 451 }))).toBe(true);
    expect(isTransientSmtpError(err({ code: 'EENVELOPE', responseCode: 550 }))).toBe(false);
    expect(isTransientSmtpError(err({ code: 'EAUTH', responseCode: 535 }))).toBe(false);
  });

  it('retries transient failures and succeeds', async () => {
    const { t, calls } = transport([err({ code: 'ECONNECTION' }), err({ responseCode: 421 }), 'ok']);
    const retries: number[] = [];
    const sent = await sendWithRetry(t, {}, { delaysMs: [1, 1], onRetry: (a) => retries.push(a) });
    expect(sent).toMatchObject({ attempts: 3, accepted: ['a@example.com'] });
    expect(calls()).toBe(3);
    expect(retries).toEqual([1, 2]);
  });

  it('gives up after the last delay, and at once on a permanent error', async () => {
    const down = transport([err({ code: 'ESOCKET' }), err({ code: 'ESOCKET' }), err({ code: 'ESOCKET' })]);
    await expect(sendWithRetry(down.t, {}, { delaysMs: [1, 1] })).rejects.toMatchObject({ attempts: 3 });
    const rejected = transport([err({ code: 'EENVELOPE', responseCode: 550 })]);
    await expect(sendWithRetry(rejected.t, {}, { delaysMs: [1, 1] })).rejects.toMatchObject({ attempts: 1 });
    expect(rejected.calls()).toBe(1);
  });
});
