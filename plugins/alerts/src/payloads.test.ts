import type { Alert, AlertBatch } from '@dq/plugin-api';
import { describe, expect, it } from 'vitest';
import { slackProblems, teamsProblems } from '../test/payload-validators.js';
import { slackPayload } from './slack-payload.js';
import { teamsPayload } from './teams-payload.js';
import { signBody, webhookHeaders, webhookPayload } from './webhook-payload.js';

const alert = (over: Partial<Alert> = {}): Alert => ({
  kind: 'new_failure',
  fingerprint: 'customer_email_not_null:email:violation',
  issueId: 7,
  rule: 'customer_email_not_null',
  table: 'dim_customer',
  column: 'email',
  category: 'completeness',
  severity: 'critical',
  tags: ['pii'],
  status: 'FAILED',
  failed: 37,
  scope: 1000,
  failurePct: 3.7,
  thresholdPct: 0,
  message: '37 of 1000 row(s) failed',
  firstSeenAt: '2026-11-29T06:00:00.000Z',
  daysFailing: 2,
  newRecords: 37,
  fixedRecords: 12,
  owner: { name: 'analytics', slack: 'S0123ABCD', email: 'analytics@example.com' },
  ...over,
});

const batch = (alerts: Alert[], over: Partial<AlertBatch> = {}): AlertBatch => ({
  idempotencyKey: 'k1',
  route: 'critical',
  destination: { name: 'd', kind: 'slack', url: 'https://hooks.example.com/x', timeoutMs: 1000, retries: 0 },
  project: 'Retail DW',
  environment: 'production',
  run: {
    runId: 'r1',
    reportDate: '2026-12-01',
    finishedAt: '2026-12-01T06:00:00.000Z',
    overall: 97.9,
    partial: false,
  },
  diff: null,
  alerts,
  reportUrl: 'https://dq.example.com/reports/dq-report-20261201.html',
  test: false,
  ...over,
});

const kinds: Alert[] = [
  alert(),
  alert({ kind: 'escalation', previousStatus: 'WARNING' }),
  alert({ kind: 'reminder', status: 'WARNING' }),
  alert({ kind: 'resolved', status: 'PASSED', failed: 0, owner: { name: 'ops' } }),
  alert({
    kind: 'new_failure',
    status: 'ERROR',
    failed: null,
    scope: null,
    failurePct: null,
    column: undefined,
    message: 'relation "x" does not exist',
  }),
];

describe('Slack Block Kit payload', () => {
  it('validates against the documented Block Kit limits, with owner mentions and a report button', () => {
    const payload = slackPayload(batch(kinds));
    expect(slackProblems(payload)).toEqual([]);
    const text = JSON.stringify(payload);
    expect(text).toContain('<!subteam^S0123ABCD>');
    expect(payload.blocks.at(-1)).toMatchObject({
      type: 'actions',
      elements: [{ url: batch([]).reportUrl }],
    });
    expect(payload.blocks[1]).toMatchObject({ type: 'section' });
    expect(text).toContain('37 new failing record(s), 12 fixed');
  });

  it('escapes <, > and & in user data, so a rule name cannot ping @channel or forge a link', () => {
    const payload = slackPayload(batch([alert({ rule: '<!channel> & <https://evil.example|click>' })]));
    const text = JSON.stringify(payload);
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
  });

  it('stays within 50 blocks and 150 header characters for a hundred alerts and a long project name', () => {
    const many = Array.from({ length: 100 }, (_, i) => alert({ rule: `rule_${i}`, issueId: i }));
    const payload = slackPayload(batch(many, { project: 'P'.repeat(400) }));
    expect(payload.blocks.length).toBeLessThanOrEqual(50);
    expect(slackProblems(payload)).toEqual([]);
    expect(JSON.stringify(payload)).toContain('…and 60 more');
  });

  it('the schema catches what Slack would reject', () => {
    const tooLong = { blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }] };
    expect(slackProblems(tooLong).join()).toMatch(/must NOT have more than 150 characters/);
    expect(
      slackProblems({ blocks: [{ type: 'section', text: { type: 'markdown', text: 'x' } }] }),
    ).not.toEqual([]);
    expect(slackProblems({ blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) }).join()).toMatch(
      /50 items/,
    );
  });
});

describe('Teams Adaptive Card 1.5 payload', () => {
  it('validates against the schema and parses cleanly in the Adaptive Cards object model at version 1.5', () => {
    const payload = teamsPayload(batch(kinds));
    expect(teamsProblems(payload)).toEqual([]);
    const card = payload.attachments[0]!.content;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5', msteams: { width: 'Full' } });
    expect(card.msteams.entities).toEqual([
      {
        type: 'mention',
        text: '<at>analytics</at>',
        mentioned: { id: 'analytics@example.com', name: 'analytics' },
      },
    ]);
    expect(card.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Open the report', url: batch([]).reportUrl },
    ]);
  });

  it('the validators catch an unknown element, a wrong enum value and a newer card version', () => {
    const bad = teamsPayload(batch([alert()]));
    const card = bad.attachments[0]!.content as { body: unknown[]; version: string };
    card.body.push({ type: 'TextBlock', text: 'x', size: 'Huge' });
    expect(teamsProblems(bad).join()).toMatch(/size/);
    card.body.pop();
    card.version = '1.6';
    expect(teamsProblems(bad).join()).toMatch(/version/);
  });
});

describe('webhook payload', () => {
  it('is versioned JSON with the alerts and the diff, signed with HMAC-SHA256 over the exact body', () => {
    const sentAt = new Date('2026-12-01T06:00:00Z');
    const b = batch([alert()], {
      destination: {
        name: 'hook',
        kind: 'webhook',
        url: 'https://x.example/h',
        secret: 'shh-key',
        timeoutMs: 1000,
        retries: 0,
      },
    });
    const body = JSON.stringify(webhookPayload(b, sentAt));
    const headers = webhookHeaders(b, body, sentAt);
    expect(JSON.parse(body)).toMatchObject({
      version: 1,
      type: 'dq.alerts',
      idempotencyKey: 'k1',
      alerts: [{ rule: 'customer_email_not_null' }],
    });
    expect(headers['x-dq-signature']).toBe(signBody(body, 'shh-key'));
    expect(headers['x-dq-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(headers['idempotency-key']).toBe('k1');
    expect(headers['x-dq-timestamp']).toBe(String(sentAt.getTime() / 1000));
    expect(signBody(`${body} `, 'shh-key')).not.toBe(headers['x-dq-signature']);
    expect(signBody(body, 'other-key')).not.toBe(headers['x-dq-signature']);
  });
});
