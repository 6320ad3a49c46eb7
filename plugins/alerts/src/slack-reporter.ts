import type { AlertBatch } from '@dq/plugin-api';
import { DestinationReporter, type DestinationRequest } from './destination-reporter.js';
import { slackPayload } from './slack-payload.js';

/** Slack incoming webhook: one Block Kit message per run and destination. */
export class SlackReporter extends DestinationReporter {
  readonly name = 'slack';
  readonly description =
    'Alerts to a Slack incoming webhook as Block Kit (alerting.destinations kind: slack)';

  protected request(batch: AlertBatch): DestinationRequest {
    return { body: JSON.stringify(slackPayload(batch)), headers: { ...batch.destination.headers } };
  }
}
