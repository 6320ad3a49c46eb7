import { createHash } from 'node:crypto';
import { scrub } from '@dq/db';
import {
  type Alert,
  type AlertBatch,
  type AlertDeliveryDetails,
  type AlertDestination,
  type Database,
  type DqConfig,
  DqError,
  inject,
  type Logger,
  type ReportData,
  type ReportResult,
  type RunDiffEntry,
  tokens,
} from '@dq/plugin-api';
import { webhookUrlSecrets } from '../config/config-errors.js';
import { ReportDataLoader } from '../reporting/report-data-loader.js';
import { ReportService } from '../reporting/report-service.js';
import { decideAlert, type IssueState } from './alert-decision.js';
import { type AlertLogEntry, lastSent, writeAlertLog } from './alert-log.js';
import { routeMatches } from './alert-routing.js';
import { durationMs } from './duration.js';

/** What happened at one destination. */
export interface AlertDeliveryReport {
  route: string;
  destination: string;
  kind: string;
  /** The destination's host (its URL carries a token and is never shown). */
  host: string;
  status: 'sent' | 'failed' | 'nothing to send';
  alerts: Array<{ kind: string; rule: string; fingerprint: string }>;
  suppressed: Array<{ rule: string; fingerprint: string; reason: string }>;
  attempts: number;
  httpStatus?: number;
  error?: string;
  durationMs: number;
}

/** The alerts of one run (or one test) across every destination. */
export interface AlertRunReport {
  runId: string | null;
  sent: number;
  suppressed: number;
  failed: number;
  deliveries: AlertDeliveryReport[];
}

interface Candidate {
  issue: IssueState;
  alert: Omit<Alert, 'kind'>;
  result: ReportResult;
}

/**
 * Alerts: which issues of a run each route covers, de-duplicated per destination against
 * dq_alert_log (see decideAlert), delivered by the reporter named by the destination's kind
 * (`webhook`, `slack`, `teams`, a plugin's) with the batch in ReportContext.alerts, and every
 * decision logged (sent, suppressed and why, failed). A failed destination does not stop the
 * others; {@link alertFailure} turns the report into the exit-3 error.
 */
export class AlertEngine {
  constructor(
    @inject(tokens.config) private readonly config: DqConfig,
    @inject(tokens.database) private readonly database: Database,
    @inject(tokens.logger) private readonly logger: Logger,
    @inject(ReportService) private readonly reports: ReportService,
  ) {}

  /** True when alerting.enabled is set and a route exists. */
  enabled(): boolean {
    const { alerting } = this.config;
    return alerting.enabled && Object.keys(alerting.routes).length > 0;
  }

  /** Sends the alerts of `runId` (default: the latest check run). */
  async send(runId?: string): Promise<AlertRunReport> {
    const { config, database: db } = this;
    const data = await new ReportDataLoader(db, config).load(runId);
    const candidates = await this.candidates(data);
    const report: AlertRunReport = {
      runId: data.run.runId,
      sent: 0,
      suppressed: 0,
      failed: 0,
      deliveries: [],
    };
    const now = new Date();
    for (const [destinationName, routed] of this.byDestination(candidates)) {
      const destination = this.destination(destinationName);
      const last = await lastSent(
        db,
        destinationName,
        routed.map((r) => r.candidate.issue.issueId),
      );
      const toSend: Array<{ candidate: Candidate; alert: Alert; reason: string; route: string }> = [];
      const log: AlertLogEntry[] = [];
      const suppressed: AlertDeliveryReport['suppressed'] = [];
      for (const { candidate, route } of routed) {
        const decision = decideAlert(
          candidate.issue,
          last.get(candidate.issue.issueId),
          this.suppressMs(route),
          now,
        );
        if (decision.send) {
          toSend.push({
            candidate,
            route,
            reason: decision.reason,
            alert: { ...candidate.alert, kind: decision.kind },
          });
        } else {
          suppressed.push({
            rule: candidate.alert.rule,
            fingerprint: candidate.alert.fingerprint,
            reason: decision.reason,
          });
          log.push(
            this.logEntry(
              data.run.runId,
              route,
              destination,
              candidate,
              decision.kind,
              'suppressed',
              decision.reason,
            ),
          );
        }
      }
      const routes = [...new Set(routed.map((r) => r.route))];
      const delivery: AlertDeliveryReport = {
        route: routes.join(','),
        destination: destinationName,
        kind: destination.kind,
        host: hostOf(destination.url),
        status: 'nothing to send',
        alerts: toSend.map((s) => ({
          kind: s.alert.kind,
          rule: s.alert.rule,
          fingerprint: s.alert.fingerprint,
        })),
        suppressed,
        attempts: 0,
        durationMs: 0,
      };
      if (toSend.length > 0) {
        const batch = this.batch(
          data,
          routes.join(','),
          destination,
          toSend.map((s) => s.alert),
          false,
        );
        const outcome = await this.deliver(batch);
        Object.assign(delivery, outcome);
        for (const s of toSend) {
          log.push({
            ...this.logEntry(
              data.run.runId,
              s.route,
              destination,
              s.candidate,
              s.alert.kind,
              outcome.status,
              s.reason,
            ),
            attempts: outcome.attempts,
            httpStatus: outcome.httpStatus ?? null,
            idempotencyKey: batch.idempotencyKey,
            error: outcome.error ?? null,
          });
        }
      }
      await writeAlertLog(db, log);
      report.suppressed += suppressed.length;
      if (delivery.status === 'sent') report.sent += toSend.length;
      if (delivery.status === 'failed') report.failed += 1;
      report.deliveries.push(delivery);
      this.logger.info(
        {
          destination: destinationName,
          kind: destination.kind,
          status: delivery.status,
          sent: toSend.length,
          suppressed: suppressed.length,
        },
        'alerts',
      );
    }
    return report;
  }

  /** `dq alerts test ROUTE`: one sample alert to every destination of the route, logged as a test. */
  async test(routeName: string): Promise<AlertRunReport> {
    const { alerting, project } = this.config;
    const route = alerting.routes[routeName];
    if (!route) {
      throw new DqError('DQ_USAGE', `No alert route "${routeName}" in alerting.routes.`, {
        hint: `Configured routes: ${Object.keys(alerting.routes).join(', ') || 'none'}.`,
      });
    }
    const report: AlertRunReport = { runId: null, sent: 0, suppressed: 0, failed: 0, deliveries: [] };
    const today = new Date().toISOString();
    const sample: Alert = {
      kind: 'test',
      fingerprint: 'dq:test:test',
      rule: 'dq_alert_test',
      table: 'dq_alert_test',
      category: 'completeness',
      severity: route.severity[0] ?? 'warning',
      tags: [],
      status: 'FAILED',
      failed: 3,
      scope: 100,
      failurePct: 3,
      thresholdPct: 0,
      message: `A test alert from dq (${project.name}): route ${routeName} reaches this destination.`,
      firstSeenAt: today,
      daysFailing: 0,
    };
    const data: Pick<ReportData, 'project' | 'environment' | 'run'> = {
      project: project.name,
      environment: project.environment,
      run: {
        runId: 'test',
        reportDate: today.slice(0, 10),
        finishedAt: today,
        startedAt: today,
        overall: null,
        partial: false,
        rulesExecuted: 0,
        rulesPassed: 0,
        rulesWarned: 0,
        rulesFailed: 0,
        rulesErrored: 0,
        recordsChecked: 0,
        failedRecords: 0,
      },
    };
    for (const name of route.destinations) {
      const destination = this.destination(name);
      const batch = this.batch(data, routeName, destination, [sample], true);
      const outcome = await this.deliver(batch);
      await writeAlertLog(this.database, [
        {
          runId: null,
          issueId: null,
          route: routeName,
          destination: name,
          destinationKind: destination.kind,
          fingerprint: sample.fingerprint,
          alertKind: 'test',
          decision: outcome.status,
          reason: 'dq alerts test',
          ruleStatus: null,
          attempts: outcome.attempts,
          httpStatus: outcome.httpStatus ?? null,
          idempotencyKey: batch.idempotencyKey,
          error: outcome.error ?? null,
        },
      ]);
      if (outcome.status === 'sent') report.sent += 1;
      else report.failed += 1;
      report.deliveries.push({
        route: routeName,
        destination: name,
        kind: destination.kind,
        host: hostOf(destination.url),
        alerts: [{ kind: 'test', rule: sample.rule, fingerprint: sample.fingerprint }],
        suppressed: [],
        ...outcome,
      });
    }
    return report;
  }

  /** The issues the run opened, continued or closed, with what an alert says about each. */
  private async candidates(data: ReportData): Promise<Candidate[]> {
    const res = await this.database.query<{
      issue_id: number;
      rule_name: string;
      fingerprint: string;
      last_status: string;
      opened_run_id: string;
      closed_run_id: string | null;
      first_ms: number;
    }>(
      `SELECT issue_id, rule_name, fingerprint, last_status, opened_run_id, closed_run_id,
              (extract(epoch FROM first_seen_at) * 1000)::float8 AS first_ms
         FROM dq_issues WHERE last_run_id = $1 OR closed_run_id = $1 ORDER BY issue_id`,
      [data.run.runId],
    );
    const results = new Map(data.results.map((r) => [r.rule, r]));
    const entries = new Map<string, RunDiffEntry>();
    for (const list of [
      data.diff?.newFailures,
      data.diff?.escalations,
      data.diff?.stillFailing,
      data.diff?.recoveries,
    ])
      for (const e of list ?? []) entries.set(e.rule, e);
    const owners = this.config.alerting.owners;
    const out: Candidate[] = [];
    for (const row of res.rows) {
      const result = results.get(row.rule_name);
      if (!result) continue;
      const entry = entries.get(row.rule_name);
      const resolved = row.closed_run_id === data.run.runId;
      const firstSeenAt = new Date(Number(row.first_ms)).toISOString();
      const owner = result.owner ? { name: result.owner, ...owners[result.owner] } : undefined;
      out.push({
        result,
        issue: {
          issueId: Number(row.issue_id),
          fingerprint: row.fingerprint,
          status: resolved ? 'PASSED' : row.last_status,
          resolved,
          opened: row.opened_run_id === data.run.runId,
          firstSeenAt,
        },
        alert: {
          fingerprint: row.fingerprint,
          issueId: Number(row.issue_id),
          rule: result.rule,
          table: result.table,
          ...(result.column ? { column: result.column } : {}),
          category: result.category,
          severity: result.severity,
          tags: result.tags ?? [],
          status: result.status,
          ...(entry?.previousStatus ? { previousStatus: entry.previousStatus } : {}),
          failed: result.failed,
          scope: result.scope,
          failurePct: result.failurePct,
          thresholdPct: result.thresholdPct,
          message: result.message,
          firstSeenAt,
          ...(entry?.daysFailing !== undefined ? { daysFailing: entry.daysFailing } : {}),
          ...(entry?.newRecords !== undefined ? { newRecords: entry.newRecords } : {}),
          ...(entry?.fixedRecords !== undefined ? { fixedRecords: entry.fixedRecords } : {}),
          ...(owner ? { owner } : {}),
        },
      });
    }
    return out;
  }

  /** Candidates per destination, each issue once per destination (the first route that covers it). */
  private byDestination(candidates: readonly Candidate[]) {
    const out = new Map<string, Array<{ candidate: Candidate; route: string }>>();
    for (const [routeName, route] of Object.entries(this.config.alerting.routes)) {
      for (const candidate of candidates) {
        if (!routeMatches(route, candidate.result)) continue;
        for (const destination of route.destinations) {
          const list = out.get(destination) ?? [];
          if (list.some((x) => x.candidate.issue.issueId === candidate.issue.issueId)) continue;
          list.push({ candidate, route: routeName });
          out.set(destination, list);
        }
      }
    }
    return out;
  }

  private suppressMs(routeName: string): number {
    const { alerting } = this.config;
    return durationMs(alerting.routes[routeName]?.suppressInterval ?? alerting.suppressInterval);
  }

  private destination(name: string): AlertDestination {
    const config = this.config.alerting.destinations[name];
    if (!config) {
      throw new DqError('DQ_CONFIG_INVALID', `alerting: no destination "${name}" in alerting.destinations.`);
    }
    return { name, ...config };
  }

  private batch(
    data: Pick<ReportData, 'project' | 'environment' | 'run'> & { diff?: ReportData['diff'] },
    route: string,
    destination: AlertDestination,
    alerts: Alert[],
    test: boolean,
  ): AlertBatch {
    const key = createHash('sha256')
      .update(
        [
          destination.name,
          data.run.runId,
          test ? `test:${Date.now()}` : '',
          ...alerts.map((a) => `${a.kind}:${a.fingerprint}:${a.issueId ?? ''}`),
        ].join('\n'),
      )
      .digest('hex')
      .slice(0, 32);
    const baseUrl = this.config.reporting.html.baseUrl;
    return {
      idempotencyKey: key,
      route,
      destination,
      project: data.project,
      environment: data.environment,
      run: {
        runId: data.run.runId,
        reportDate: data.run.reportDate,
        finishedAt: data.run.finishedAt,
        overall: data.run.overall,
        partial: data.run.partial,
      },
      diff: data.diff ?? null,
      alerts,
      ...(baseUrl && !test
        ? {
            reportUrl: `${baseUrl.replace(/\/+$/, '')}/dq-report-${data.run.reportDate.replace(/-/g, '')}.html`,
          }
        : {}),
      test,
    };
  }

  /** Hands the batch to the destination kind's reporter; never throws (a failure is an outcome). */
  private async deliver(batch: AlertBatch): Promise<{
    status: 'sent' | 'failed';
    attempts: number;
    httpStatus?: number;
    error?: string;
    durationMs: number;
  }> {
    const started = performance.now();
    const { destination } = batch;
    const secrets = [
      destination.url,
      ...webhookUrlSecrets(destination.url),
      destination.secret,
      ...Object.values(destination.headers ?? {}),
    ];
    try {
      const output = await this.reports.run(destination.kind, {
        alerts: batch,
        runId: batch.run.runId,
      });
      const details = (output.details ?? {}) as Partial<AlertDeliveryDetails>;
      return {
        status: 'sent',
        attempts: details.attempts ?? 1,
        ...(details.httpStatus === undefined ? {} : { httpStatus: details.httpStatus }),
        durationMs: Math.round(performance.now() - started),
      };
    } catch (err) {
      const details = ((err as DqError).details ?? {}) as Partial<AlertDeliveryDetails>;
      const message = scrub((err as Error).message, secrets);
      this.logger.error(
        { destination: destination.name, kind: destination.kind, error: message },
        'alert delivery failed',
      );
      return {
        status: 'failed',
        attempts: details.attempts ?? 1,
        ...(details.httpStatus === undefined ? {} : { httpStatus: details.httpStatus }),
        error: message,
        durationMs: Math.round(performance.now() - started),
      };
    }
  }

  private logEntry(
    runId: string,
    route: string,
    destination: AlertDestination,
    candidate: Candidate,
    kind: string,
    decision: AlertLogEntry['decision'],
    reason: string,
  ): AlertLogEntry {
    return {
      runId,
      issueId: candidate.issue.issueId,
      route,
      destination: destination.name,
      destinationKind: destination.kind,
      fingerprint: candidate.issue.fingerprint,
      alertKind: kind,
      decision,
      reason,
      ruleStatus: candidate.issue.status,
      attempts: 0,
      httpStatus: null,
      idempotencyKey: null,
      error: null,
    };
  }
}

/** The host of a destination URL: safe to print, unlike the URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid URL)';
  }
}

/** The exit-3 error when a destination could not be reached, naming each one; undefined when all went. */
export function alertFailure(report: AlertRunReport, data?: unknown): DqError | undefined {
  const failed = report.deliveries.filter((d) => d.status === 'failed');
  if (failed.length === 0) return undefined;
  return new DqError(
    'DQ_ALERT_FAILED',
    `Alert delivery failed for ${failed.length} destination(s): ${failed
      .map((d) => `${d.destination} (${d.kind}, ${d.host}) after ${d.attempts} attempt(s): ${d.error}`)
      .join('; ')}`,
    { data: data ?? report, details: { alerts: report } },
  );
}
