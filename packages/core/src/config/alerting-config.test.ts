import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DqError } from '@dq/plugin-api';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';
import { redactConfig } from './redact-config.js';

const TOKEN = 'T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX';
const SIG = 'Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Ng';

function load(yaml: string, env: NodeJS.ProcessEnv = {}) {
  const cwd = mkdtempSync(join(tmpdir(), 'dq-alerting-'));
  writeFileSync(join(cwd, 'dq.yaml'), yaml);
  return loadConfig({ cwd, env, file: 'dq.yaml' });
}

describe('alerting config', () => {
  it('defaults send nothing', () => {
    const { config } = loadConfig({ cwd: mkdtempSync(join(tmpdir(), 'dq-alerting-')), env: {} });
    expect(config.alerting).toEqual({
      enabled: false,
      suppressInterval: '24h',
      destinations: {},
      routes: {},
      owners: {},
    });
  });

  it('treats destination urls, secrets and headers as secrets, their tokens included, wherever they are printed', () => {
    const { config, secrets } = load(`
alerting:
  enabled: true
  destinations:
    slack: { kind: slack, url: "https://hooks.slack.com/services/${TOKEN}" }
    teams: { kind: teams, url: "https://x.logic.azure.com/workflows/1/triggers/manual/paths/invoke?api-version=2016-06-01&sig=${SIG}", headers: { x-extra: "hdr-value-123" } }
    hook: { kind: webhook, url: "https://hooks.example.com/in", secret: "signing-key-123" }
  routes:
    all: { destinations: [slack, teams, hook] }
`);
    expect(config.alerting.destinations.hook).toMatchObject({ timeoutMs: 10000, retries: 3 });
    expect(config.alerting.routes.all).toMatchObject({ severity: [], category: [], tag: [], owner: [] });
    const printed = JSON.stringify(redactConfig(config, secrets));
    for (const s of [TOKEN, SIG, 'hdr-value-123', 'signing-key-123', 'hooks.example.com/in']) {
      expect(printed).not.toContain(s);
    }
    // A message quoting only part of a URL (the token segment, the sig) is scrubbed too.
    expect(secrets).toContain('XXXXXXXXXXXXXXXXXXXXXXXX');
    expect(secrets).toContain(SIG);
    expect(secrets).not.toContain('2016-06-01');
  });

  it('a route naming an unknown destination, a bad interval or a bad owner id is a config error with the line', () => {
    const err = (() => {
      try {
        load(`alerting:
  destinations: { hook: { kind: webhook, url: "https://h.example/x" } }
  routes:
    r: { destinations: [hoook], suppressInterval: soon }
  owners: { team: { slack: "#channel" } }
`);
      } catch (e) {
        return e as DqError;
      }
      throw new Error('expected an error');
    })();
    expect(err.code).toBe('DQ_CONFIG_INVALID');
    expect(err.message).toMatch(
      /dq\.yaml:4: alerting\.routes\.r\.destinations\[0\]: no destination "hoook".*use one of hook/,
    );
    expect(err.message).toMatch(/suppressInterval/);
    expect(err.message).toMatch(/owners\.team\.slack/);
  });
});
