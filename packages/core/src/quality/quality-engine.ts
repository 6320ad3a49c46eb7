import { randomUUID } from 'node:crypto';
import {
  type CheckKind,
  type Database,
  type DqConfig,
  inject,
  injectAll,
  type Logger,
  type RuleCategory,
  type RuleDefinition,
  tokens,
} from '@dq/plugin-api';
import { recordCheckRunNews } from '../issues/check-run-hook.js';
import { MonitorPass } from '../monitors/monitor-pass.js';
import type { CheckRun, RuleResult } from './check-run.js';
import { missingTablesHint } from './missing-tables.js';
import { compileRule, type PreparedRule, scanKey } from './prepared-rule.js';
import { ResultRecorder } from './result-recorder.js';
import { RuleLoader, type RuleLoadReport, type RuleSet } from './rule-loader.js';
import { formatPlanProblem, RulePlanner } from './rule-planner.js';
import { openRuleDatabase } from './rule-role.js';
import { type Outcome, RuleRunner } from './rule-runner.js';
import { isFiltered, type RuleFilters, selectRules } from './rule-selection.js';
import { RuleSync, type RuleSyncReport } from './rule-sync.js';
import { computeScorecard } from './scorecard.js';
import { writeScorecard } from './scorecard-writer.js';
import { TableCatalog } from './table-catalog.js';

/** Options of {@link QualityEngine.run}. */
export interface CheckOptions extends RuleFilters {
  /**
   * Sync every rule file of quality.rules first (`dq check --sync`), deactivating rules gone
   * from that folder. Without it dq_rules changes only for the rules the run selects.
   */
  sync?: boolean;
  /**
   * `--as-of`: the instant the run takes as "now" (freshness, the monitors' bucket under test,
   * the scorecard date), so a replay of past days gives the same results every time.
   */
  asOf?: Date;
  /** Called as each rule's result is recorded (progress). */
  onResult?(result: RuleResult): void;
}

/** The note every run on the embedded database carries. */
export const PGLITE_TIMEOUT_NOTE =
  'The embedded database (PGlite) cannot cancel a running statement: a rule running longer than quality.statementTimeoutMs is reported ERROR only when it ends. Use a PostgreSQL server (DATABASE_URL) to bound untrusted rules.';

/**
 * The quality engine: rule files in, results out. `validate` needs no database; `run` validates,
 * upserts the selected rules into dq_rules, measures them as the read-only rule role (fused
 * scans per table and scope, each in a READ ONLY transaction with a statement timeout), records
 * results, exceptions and metrics, and appends the run's scorecard.
 */
export class QualityEngine {
  constructor(
    @inject(tokens.config) private readonly config: DqConfig,
    @inject(tokens.database) private readonly database: Database,
    @inject(tokens.logger) private readonly logger: Logger,
    @injectAll(tokens.checkKind) private readonly kinds: readonly CheckKind[],
    @injectAll(tokens.ruleCategory) private readonly ruleCategories: readonly RuleCategory[],
  ) {}

  /** The registered check kinds. */
  checkKinds(): CheckKind[] {
    return [...this.kinds];
  }

  /** The registered rule categories. */
  categories(): RuleCategory[] {
    return [...this.ruleCategories];
  }

  /** Every rule and problem in the given paths (default quality.rules); never touches the database. */
  inspect(paths?: readonly string[]): RuleLoadReport {
    return this.loader().inspect(paths && paths.length > 0 ? paths : [this.config.quality.rules]);
  }

  /** The valid rules; throws DQ_RULE_INVALID (exit 2) when any file is wrong. No database. */
  load(paths?: readonly string[]): RuleSet {
    return this.loader().load(paths && paths.length > 0 ? paths : [this.config.quality.rules]);
  }

  /**
   * `dq rules sync [PATH...]`: validates the rule files, then upserts them and the categories into
   * the database; rules gone from these paths (default quality.rules) are deactivated, rules from
   * other folders are left alone.
   */
  async sync(paths?: readonly string[]): Promise<RuleSyncReport> {
    const roots = paths && paths.length > 0 ? paths : [this.config.quality.rules];
    const { rules } = this.load(roots);
    return new RuleSync(this.database).sync(rules, this.categories(), { deactivateWithin: roots });
  }

  /** `dq check`: validate, upsert the selected rules, run them, record results and the scorecard. */
  async run(options: CheckOptions = {}): Promise<CheckRun> {
    const { config, database: db } = this;
    const startedAt = new Date();
    const set = this.load();
    const categories = this.categories();
    const selected = selectRules(
      set.rules,
      options,
      categories.map((c) => c.name),
    );
    const partial = isFiltered(options);
    const { ruleIds, ...sync } = await new RuleSync(db).sync(
      options.sync ? set.rules : selected,
      categories,
      options.sync ? { deactivateWithin: [config.quality.rules] } : {},
    );
    const rulesDb = await openRuleDatabase(db, config.quality);
    const runId = randomUUID();
    const selection = selectionOf(options);
    await db.query(
      `INSERT INTO dq_check_runs (run_id, started_at, is_partial, selection, rules_path, rules_selected, as_of)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        runId,
        startedAt.toISOString(),
        partial,
        JSON.stringify(selection),
        config.quality.rules,
        selected.length,
        options.asOf?.toISOString() ?? null,
      ],
    );
    const prepared = await this.prepare(selected, ruleIds, options.asOf);
    const { statementTimeoutMs: timeoutMs, exceptionSampleLimit: sampleLimit } = config.quality;
    // Rules the database cannot plan (unknown table or column, a syntax error) are invalid: they
    // are recorded as ERROR with the reason and make the run exit 2, and the others still run.
    const invalid = await new RulePlanner(rulesDb.db, { timeoutMs, sampleLimit }).plan(prepared);
    const runner = new RuleRunner(rulesDb.db, { timeoutMs, sampleLimit });
    const recorder = new ResultRecorder(db);
    const results: RuleResult[] = new Array(prepared.length);
    for (const [index, p] of prepared.entries()) {
      const problem = invalid.get(p);
      if (!problem) continue;
      const error = `invalid rule: ${formatPlanProblem(problem)}`;
      results[index] = {
        ...(await recorder.record(runId, p, { ok: false, error, durationMs: 0 })),
        invalid: formatPlanProblem(problem),
      };
      options.onResult?.(results[index]);
    }
    const { units, monitors } = planUnits(
      prepared.flatMap((p, i) => (invalid.has(p) ? [] : [i])),
      prepared,
    );
    // The monitors' metric scans need no rule result: they queue behind the rules' units, so a
    // worker the rules leave idle measures them while the others finish.
    const pass =
      monitors.length > 0
        ? new MonitorPass(rulesDb.db, db, { runId, asOf: options.asOf ?? startedAt, timeoutMs })
        : undefined;
    const scans = pass?.prepare(monitors.map((index) => ({ index, prepared: prepared[index]! }))) ?? [];
    let next = 0;
    const worker = async () => {
      for (let u = next++; u < units.length + scans.length; u = next++) {
        if (u >= units.length) {
          await pass!.measure(scans[u - units.length]!);
          continue;
        }
        const unit = units[u]!;
        const outcomes = await measureUnit(runner, unit);
        for (const [i, index] of unit.indexes.entries()) {
          const result = await recorder.record(runId, prepared[index]!, outcomes[i]!);
          results[index] = result;
          this.logger.info(
            { rule: result.rule, status: result.status, failed: result.failed, scope: result.scope },
            'rule checked',
          );
          options.onResult?.(result);
        }
      }
    };
    // On a server, units run side by side on separate connections; the embedded database has one.
    const concurrency = db.kind === 'postgres' ? Math.max(1, Math.min(3, config.database.poolSize - 1)) : 1;
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, units.length + scans.length) }, worker));
    } catch (err) {
      throw missingTablesHint(err);
    }
    // Monitors come after the rules: failure_percent monitors read the rules' results.
    if (pass) {
      const outcomes = await pass.finish(results.filter(Boolean));
      const judged = [...outcomes];
      const recorded = await recorder.recordMany(
        runId,
        judged.map(([index, outcome]) => ({ prepared: prepared[index]!, outcome })),
      );
      for (const [i, [index]] of judged.entries()) {
        results[index] = recorded[i]!;
        options.onResult?.(results[index]);
      }
    }
    const scorecard = computeScorecard(
      results,
      categories.map((c) => c.name),
    );
    const finishedAt = new Date();
    await db.transaction(async (tx) => {
      await writeScorecard(tx, runId, scorecard, {
        partial,
        ...(options.asOf ? { reportDate: reportDateOf(options.asOf) } : {}),
      });
      await tx.query('UPDATE dq_check_runs SET finished_at = $2 WHERE run_id = $1', [
        runId,
        finishedAt.toISOString(),
      ]);
    });
    // Issues and the diff come after the scorecard: the diff compares scores, and results are
    // safe on disk should this step fail.
    const newsStarted = performance.now();
    const news = await recordCheckRunNews(db, runId, results, prepared, startedAt);
    this.logger.info(
      { runId, ...news.issues, ms: Math.round(performance.now() - newsStarted) },
      'issues tracked and diff read',
    );
    return {
      diff: news.diff,
      runId,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      database: db.kind,
      partial,
      selection,
      ruleRole: rulesDb.role,
      rulesFiles: set.files,
      sync,
      results,
      scorecard,
      issues: news.issues,
      notes: [...rulesDb.notes, ...(db.kind === 'pglite' ? [PGLITE_TIMEOUT_NOTE] : [])],
    };
  }

  /**
   * `dq rules validate --db`: the rule files' problems, then every rule planned by the database
   * as the rule role (EXPLAIN, nothing runs). Returns one line per invalid rule.
   */
  async plan(paths?: readonly string[]): Promise<{ rules: number; problems: string[] }> {
    const { config, database: db } = this;
    const { rules } = this.load(paths);
    const prepared = await this.prepare(rules, new Map());
    const rulesDb = await openRuleDatabase(db, config.quality);
    const { statementTimeoutMs: timeoutMs, exceptionSampleLimit: sampleLimit } = config.quality;
    const problems = await new RulePlanner(rulesDb.db, { timeoutMs, sampleLimit }).plan(prepared);
    return { rules: rules.length, problems: [...problems.values()].map(formatPlanProblem) };
  }

  /** The rules with their check kind, table description and row estimates (`ruleIds` 0 when unsynced). */
  private async prepare(
    rules: readonly RuleDefinition[],
    ruleIds: ReadonlyMap<string, number>,
    asOf?: Date,
  ): Promise<PreparedRule[]> {
    const kinds = new Map(this.checkKinds().map((k) => [k.name, k]));
    const catalog = new TableCatalog(this.database);
    const rowEstimates = await catalog.rowEstimates();
    const prepared: PreparedRule[] = [];
    for (const rule of rules) {
      prepared.push({
        rule,
        ruleId: ruleIds.get(rule.name) ?? 0,
        kind: kinds.get(rule.check)!,
        table: await catalog.describe(rule.table),
        rowEstimates,
        ...(asOf ? { asOf } : {}),
      });
    }
    return prepared;
  }

  private loader(): RuleLoader {
    return new RuleLoader(this.checkKinds(), this.categories());
  }
}

/** The filters of a run, without empty ones (dq_check_runs.selection). */
function selectionOf(filters: RuleFilters): RuleFilters {
  const out: Record<string, readonly string[]> = {};
  for (const key of ['rules', 'categories', 'tables', 'tags'] as const) {
    const values = filters[key];
    if (values && values.length > 0) out[key] = [...values].sort();
  }
  return out;
}

/** The scorecard date of an as-of instant: the day of its last complete day (`--as-of 2026-01-05`: that day). */
function reportDateOf(asOf: Date): string {
  return new Date(asOf.getTime() - 1).toISOString().slice(0, 10);
}

/** A unit of work: predicate rules fused into one scan, or one rule alone. */
interface Unit {
  fused: boolean;
  rules: PreparedRule[];
  /** Positions of the unit's rules in the run's rule list. */
  indexes: number[];
}

/**
 * Groups the rules at `indexes` of `prepared` by table and scope; every other rule (and one that
 * cannot compile) runs alone. Monitors are set apart for the monitor pass.
 */
function planUnits(
  indexes: readonly number[],
  prepared: readonly PreparedRule[],
): { units: Unit[]; monitors: number[] } {
  const units: Unit[] = [];
  const monitors: number[] = [];
  const scans = new Map<string, Unit>();
  for (const index of indexes) {
    const p = prepared[index]!;
    let mode: string;
    try {
      mode = compileRule(p).compiled.mode;
    } catch {
      mode = 'invalid';
    }
    if (mode === 'monitor') {
      monitors.push(index);
      continue;
    }
    if (mode !== 'predicate') {
      units.push({ fused: false, rules: [p], indexes: [index] });
      continue;
    }
    const key = scanKey(p);
    let scan = scans.get(key);
    if (!scan) {
      scan = { fused: true, rules: [], indexes: [] };
      scans.set(key, scan);
      units.push(scan);
    }
    scan.rules.push(p);
    scan.indexes.push(index);
  }
  return { units, monitors };
}

function measureUnit(runner: RuleRunner, unit: Unit): Promise<Outcome[]> {
  if (unit.fused) return runner.measureScan(unit.rules);
  return runner.measure(unit.rules[0]!).then((o) => [o]);
}
