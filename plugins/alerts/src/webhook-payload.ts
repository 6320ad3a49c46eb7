import { createHmac } from 'node:crypto';
import type { AlertBatch } from '@dq/plugin-api';

/** The version of the webhook's JSON body; bumped on a breaking change. */
export const WEBHOOK_PAYLOAD_VERSION = 1;

/** The generic webhook's JSON body (version 1). */
export function webhookPayload(batch: AlertBatch, sentAt: Date) {
  const { diff } = batch;
  return {
    version: WEBHOOK_PAYLOAD_VERSION,
    type: batch.test ? 'dq.alert.test' : 'dq.alerts',
    idempotencyKey: batch.idempotencyKey,
    sentAt: sentAt.toISOString(),
    project: batch.project,
    environment: batch.environment,
    route: batch.route,
    destination: batch.destination.name,
    run: batch.run,
    diff: diff
      ? {
          headline: diff.headline,
          previousRunId: diff.previous?.runId ?? null,
          overall: diff.overall,
          newFailures: diff.newFailures.map((e) => e.rule),
          escalations: diff.escalations.map((e) => e.rule),
          recoveries: diff.recoveries.map((e) => e.rule),
          stillFailing: diff.stillFailing.map((e) => ({ rule: e.rule, daysFailing: e.daysFailing ?? null })),
          records: diff.records,
        }
      : null,
    alerts: batch.alerts,
    reportUrl: batch.reportUrl ?? null,
  };
}

/** `sha256=<hex>`: HMAC-SHA256 of the exact body bytes with the destination's secret. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * The webhook's headers: the idempotency key, the timestamp (also `sentAt` in the signed body,
 * so a receiver can refuse old replays) and, with a secret, the signature.
 */
export function webhookHeaders(batch: AlertBatch, body: string, sentAt: Date): Record<string, string> {
  return {
    'user-agent': 'dq-alerts/1',
    'idempotency-key': batch.idempotencyKey,
    'x-dq-event': batch.test ? 'dq.alert.test' : 'dq.alerts',
    'x-dq-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    ...(batch.destination.secret ? { 'x-dq-signature': signBody(body, batch.destination.secret) } : {}),
    ...batch.destination.headers,
  };
}
