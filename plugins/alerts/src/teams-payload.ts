import type { Alert, AlertBatch } from '@dq/plugin-api';
import { ageLine, batchTitle, countsLine, KIND_LABEL, statusLine, target } from './alert-text.js';

/** Adaptive Card schema version Teams renders for Workflows webhooks. */
export const ADAPTIVE_CARD_VERSION = '1.5';
/** How many alerts one card lists (Teams caps a message at about 28 KB). */
export const TEAMS_MAX_ALERTS = 30;

const COLOR: Record<Alert['kind'], 'Attention' | 'Warning' | 'Good' | 'Accent'> = {
  new_failure: 'Attention',
  escalation: 'Attention',
  reminder: 'Warning',
  resolved: 'Good',
  test: 'Accent',
};

type Element = Record<string, unknown>;

/** A `<at>` mention of the owner's e-mail (Teams resolves it), or plain text without one. */
function owner(a: Alert, entities: Element[]): string {
  if (!a.owner) return '';
  if (!a.owner.email) return `owner ${a.owner.name}`;
  const text = `<at>${a.owner.name}</at>`;
  if (!entities.some((e) => e.text === text)) {
    entities.push({ type: 'mention', text, mentioned: { id: a.owner.email, name: a.owner.name } });
  }
  return `owner ${text}`;
}

function alertContainer(a: Alert, entities: Element[]): Element {
  const facts = [
    { title: 'Status', value: statusLine(a) },
    { title: 'Table', value: target(a) },
    { title: 'Severity', value: `${a.severity} · ${a.category}` },
    { title: 'Counts', value: countsLine(a) },
  ];
  const age = ageLine(a);
  const who = owner(a, entities);
  return {
    type: 'Container',
    separator: true,
    items: [
      {
        type: 'TextBlock',
        text: `${KIND_LABEL[a.kind]}: ${a.rule}`,
        weight: 'Bolder',
        color: COLOR[a.kind],
        wrap: true,
      },
      { type: 'FactSet', facts },
      ...(age || who
        ? [
            {
              type: 'TextBlock',
              text: [age, who].filter(Boolean).join(' · '),
              isSubtle: true,
              wrap: true,
              size: 'Small',
            },
          ]
        : []),
    ],
  };
}

/**
 * A Workflows ("When a Teams webhook request is received") message: one Adaptive Card 1.5
 * attachment with the headline, a container per alert and a link to the report.
 */
export function teamsPayload(batch: AlertBatch) {
  const entities: Element[] = [];
  const shown = batch.alerts.slice(0, TEAMS_MAX_ALERTS);
  const body: Element[] = [
    {
      type: 'TextBlock',
      text: batchTitle(batch),
      weight: 'Bolder',
      size: 'Medium',
      wrap: true,
      style: 'heading',
    },
    ...(batch.diff ? [{ type: 'TextBlock', text: `What changed: ${batch.diff.headline}`, wrap: true }] : []),
    ...shown.map((a) => alertContainer(a, entities)),
    ...(batch.alerts.length > shown.length
      ? [
          {
            type: 'TextBlock',
            text: `…and ${batch.alerts.length - shown.length} more: see the report.`,
            wrap: true,
          },
        ]
      : []),
    {
      type: 'TextBlock',
      text: batch.test
        ? `dq alerts test · route ${batch.route}`
        : `run ${batch.run.runId} · ${batch.run.reportDate} · route ${batch.route}`,
      isSubtle: true,
      size: 'Small',
      wrap: true,
    },
  ];
  const card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: ADAPTIVE_CARD_VERSION,
    body,
    ...(batch.reportUrl
      ? { actions: [{ type: 'Action.OpenUrl', title: 'Open the report', url: batch.reportUrl }] }
      : {}),
    msteams: { width: 'Full', ...(entities.length > 0 ? { entities } : {}) },
  };
  return {
    type: 'message',
    attachments: [
      { contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card },
    ],
  };
}
