import type { AlertBatch } from '@dq/plugin-api';
import { DestinationReporter, type DestinationRequest } from './destination-reporter.js';
import { webhookHeaders, webhookPayload } from './webhook-payload.js';

/** A generic webhook: versioned JSON, signed with HMAC-SHA256, with an idempotency key. */
export class WebhookReporter extends DestinationReporter {
  readonly name = 'webhook';
  readonly description =
    'Alerts as versioned JSON to any HTTPS endpoint, HMAC-SHA256 signed (alerting.destinations kind: webhook)';

  protected request(batch: AlertBatch): DestinationRequest {
    const sentAt = new Date();
    const body = JSON.stringify(webhookPayload(batch, sentAt));
    return { body, headers: webhookHeaders(batch, body, sentAt) };
  }
}
