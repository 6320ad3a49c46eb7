import type { Alert, AlertBatch } from '@dq/plugin-api';
import type { ActionsBlock, ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import { ageLine, batchTitle, countsLine, KIND_LABEL, statusLine, target } from './alert-text.js';

/** Slack's documented limits (api.slack.com/reference/block-kit): 50 blocks, header 150, section 3000. */
export const SLACK_LIMITS = { blocks: 50, header: 150, section: 3000, fallback: 3000, alerts: 40 } as const;

const EMOJI: Record<Alert['kind'], string> = {
  new_failure: ':red_circle:',
  escalation: ':arrow_double_up:',
  reminder: ':large_orange_circle:',
  resolved: ':large_green_circle:',
  test: ':white_check_mark:',
};

/** Escapes the three characters Slack's mrkdwn reserves (&, <, >) in user data. */
export function mrkdwnEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** `<@U123>` for a user, `<!subteam^S123>` for a user group, else the owner's name or e-mail. */
export function slackMention(a: Alert): string {
  const o = a.owner;
  if (!o) return '';
  if (o.slack) return o.slack.startsWith('S') ? `<!subteam^${o.slack}>` : `<@${o.slack}>`;
  return mrkdwnEscape(o.email ?? o.name);
}

function alertSection(a: Alert): SectionBlock {
  const owner = slackMention(a);
  const lines = [
    `${EMOJI[a.kind]} *${KIND_LABEL[a.kind]}* · \`${mrkdwnEscape(a.rule)}\` on \`${mrkdwnEscape(target(a))}\``,
    `*${statusLine(a)}* · ${a.severity} · ${mrkdwnEscape(a.category)} · ${mrkdwnEscape(countsLine(a))}`,
    [ageLine(a), owner ? `owner ${owner}` : ''].filter(Boolean).join(' · '),
  ].filter(Boolean);
  return { type: 'section', text: { type: 'mrkdwn', text: cut(lines.join('\n'), SLACK_LIMITS.section) } };
}

/** An incoming-webhook message: a fallback `text` and Block Kit `blocks` within Slack's limits. */
export function slackPayload(batch: AlertBatch): { text: string; blocks: KnownBlock[] } {
  const title = batchTitle(batch);
  const header: HeaderBlock = {
    type: 'header',
    text: { type: 'plain_text', text: cut(title, SLACK_LIMITS.header), emoji: true },
  };
  const blocks: KnownBlock[] = [header];
  if (batch.diff) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: cut(`*What changed:* ${mrkdwnEscape(batch.diff.headline)}`, SLACK_LIMITS.section),
      },
    });
  }
  const shown = batch.alerts.slice(0, SLACK_LIMITS.alerts);
  for (const a of shown) blocks.push(alertSection(a));
  if (batch.alerts.length > shown.length) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `…and ${batch.alerts.length - shown.length} more: see the report.` },
    });
  }
  const context: ContextBlock = {
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: cut(
          mrkdwnEscape(
            batch.test
              ? `dq alerts test · route ${batch.route}`
              : `run ${batch.run.runId} · ${batch.run.reportDate}${batch.run.partial ? ' · partial run' : ''} · route ${batch.route}`,
          ),
          SLACK_LIMITS.section,
        ),
      },
    ],
  };
  blocks.push(context);
  if (batch.reportUrl) {
    const actions: ActionsBlock = {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: 'dq_open_report',
          text: { type: 'plain_text', text: 'Open the report' },
          url: batch.reportUrl,
        },
      ],
    };
    blocks.push(actions);
  }
  const fallback = [
    title,
    ...shown.map((a) => `${KIND_LABEL[a.kind]}: ${a.rule} on ${target(a)} (${statusLine(a)})`),
  ].join('\n');
  return { text: cut(mrkdwnEscape(fallback), SLACK_LIMITS.fallback), blocks };
}
