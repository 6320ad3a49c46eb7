import type { AlertBatch } from '@dq/plugin-api';
import { DestinationReporter, type DestinationRequest } from './destination-reporter.js';
import { teamsPayload } from './teams-payload.js';

/** Microsoft Teams Workflows webhook: one Adaptive Card 1.5 per run and destination. */
export class TeamsReporter extends DestinationReporter {
  readonly name = 'teams';
  readonly description =
    'Alerts to a Microsoft Teams Workflows webhook as an Adaptive Card 1.5 (alerting.destinations kind: teams)';

  protected request(batch: AlertBatch): DestinationRequest {
    return { body: JSON.stringify(teamsPayload(batch)), headers: { ...batch.destination.headers } };
  }
}
