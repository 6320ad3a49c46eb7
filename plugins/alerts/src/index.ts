import { definePlugin, tokens } from '@dq/plugin-api';
import { SlackReporter } from './slack-reporter.js';
import { TeamsReporter } from './teams-reporter.js';
import { WebhookReporter } from './webhook-reporter.js';

export { deliverHttp, HttpDeliveryError, retryAfterMs } from './http-delivery.js';
export { mrkdwnEscape, SLACK_LIMITS, slackMention, slackPayload } from './slack-payload.js';
export { ADAPTIVE_CARD_VERSION, teamsPayload } from './teams-payload.js';
export { signBody, WEBHOOK_PAYLOAD_VERSION, webhookHeaders, webhookPayload } from './webhook-payload.js';
export { SlackReporter, TeamsReporter, WebhookReporter };

export default definePlugin({
  id: 'alerts',
  apiVersion: 1,
  description: 'Alert destinations: signed webhook, Slack (Block Kit), Microsoft Teams (Adaptive Card 1.5)',
  register(reg) {
    reg.provide(tokens.reporter, WebhookReporter);
    reg.provide(tokens.reporter, SlackReporter);
    reg.provide(tokens.reporter, TeamsReporter);
  },
});
