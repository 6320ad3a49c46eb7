import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';

// Test-only: the schemas ship with the plugin, the validators do not (ajv and adaptivecards are
// devDependencies of @dq/plugin-alerts).
const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const schema = (name: string) => JSON.parse(readFileSync(join(here, '..', 'schemas', name), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
const slack = ajv.compile(schema('slack-message.schema.json'));
const teams = ajv.compile(schema('teams-message.schema.json'));

/** Problems of a Slack incoming-webhook message against the Block Kit limits (none: valid). */
export function slackProblems(payload: unknown): string[] {
  return slack(payload) ? [] : (slack.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

/**
 * Problems of a Teams Workflows message: the JSON Schema of the envelope and the card, then the
 * card parsed by Microsoft's own Adaptive Cards object model (`adaptivecards`) targeting 1.5,
 * which reports unknown element types, unknown enum values and features newer than 1.5.
 */
export function teamsProblems(payload: unknown): string[] {
  if (!teams(payload)) return (teams.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
  const AC = require('adaptivecards/dist/adaptivecards.js');
  const problems: string[] = [];
  for (const attachment of (payload as { attachments: Array<{ content: unknown }> }).attachments) {
    const card = new AC.AdaptiveCard();
    const ctx = new AC.SerializationContext(AC.Versions.v1_5);
    card.parse(attachment.content, ctx);
    for (let i = 0; i < ctx.eventCount; i++) problems.push(`adaptivecards: ${ctx.getEventAt(i).message}`);
    for (const event of card.validateProperties().validationEvents)
      problems.push(`adaptivecards: ${event.message}`);
  }
  return problems;
}
