import { describe, expect, it } from 'vitest';
import { decideAlert, type IssueState, type LastSent } from './alert-decision.js';

const HOUR = 3_600_000;
const now = new Date('2026-12-02T07:00:00Z');
const issue = (over: Partial<IssueState> = {}): IssueState => ({
  issueId: 1,
  fingerprint: 'r:c:violation',
  status: 'FAILED',
  resolved: false,
  opened: false,
  firstSeenAt: '2026-12-01T07:00:00.000Z',
  ...over,
});
const sent = (over: Partial<LastSent> = {}): LastSent => ({
  fingerprint: 'r:c:violation',
  alertKind: 'new_failure',
  ruleStatus: 'FAILED',
  sentAt: new Date(now.getTime() - 2 * HOUR),
  ...over,
});

describe('decideAlert', () => {
  it('alerts a new issue once, then suppresses it inside the interval', () => {
    expect(decideAlert(issue({ opened: true }), undefined, 24 * HOUR, now)).toMatchObject({
      send: true,
      kind: 'new_failure',
    });
    expect(decideAlert(issue(), sent(), 24 * HOUR, now)).toMatchObject({
      send: false,
      reason: expect.stringMatching(/suppressed until 2026-12-03 05:00/),
    });
  });

  it('alerts again on escalation, on a new kind of change, and after the interval', () => {
    expect(decideAlert(issue(), sent({ ruleStatus: 'WARNING' }), 24 * HOUR, now)).toMatchObject({
      send: true,
      kind: 'escalation',
    });
    expect(
      decideAlert(issue({ fingerprint: 'r:c:error', status: 'ERROR' }), sent(), 24 * HOUR, now),
    ).toMatchObject({ send: true, kind: 'escalation' });
    expect(decideAlert(issue(), sent(), HOUR, now)).toMatchObject({ send: true, kind: 'reminder' });
    // FAILED then WARNING is better, not news.
    expect(decideAlert(issue({ status: 'WARNING' }), sent(), 24 * HOUR, now)).toMatchObject({ send: false });
  });

  it('sends "resolved" only where the issue was alerted, and only once', () => {
    expect(decideAlert(issue({ resolved: true, status: 'PASSED' }), sent(), 24 * HOUR, now)).toMatchObject({
      send: true,
      kind: 'resolved',
    });
    expect(decideAlert(issue({ resolved: true }), undefined, 24 * HOUR, now)).toMatchObject({
      send: false,
      kind: 'resolved',
    });
    expect(
      decideAlert(issue({ resolved: true }), sent({ alertKind: 'resolved' }), 24 * HOUR, now),
    ).toMatchObject({ send: false });
  });
});
