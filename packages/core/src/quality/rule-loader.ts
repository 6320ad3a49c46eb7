import { isAbsolute, relative } from 'node:path';
import { type CheckKind, DqError, type RuleCategory, type RuleDefinition } from '@dq/plugin-api';
import { parseRuleFile } from './rule-file-parser.js';
import { findRuleFiles } from './rule-files.js';
import { RuleValidator } from './rule-validator.js';

/** The valid rules of a set of files, in file order. */
export interface RuleSet {
  /** The files read, as displayed (relative to the working directory when inside it). */
  files: string[];
  rules: RuleDefinition[];
}

/** What reading rule files found: the valid rules and every problem. */
export interface RuleLoadReport extends RuleSet {
  problems: string[];
}

/**
 * Reads and validates rule files without a database: YAML or JSON, one rule or a list per file,
 * folders searched recursively. Rule names must be unique across all files.
 */
export class RuleLoader {
  private readonly validator: RuleValidator;

  constructor(
    kinds: readonly CheckKind[],
    categories: readonly RuleCategory[],
    private readonly cwd: string = process.cwd(),
  ) {
    this.validator = new RuleValidator(kinds, categories);
  }

  /** Every rule and every problem; never throws for a bad rule. */
  inspect(paths: readonly string[]): RuleLoadReport {
    const { files, missing } = findRuleFiles(paths, this.cwd);
    const problems = missing.map((p) => `${p}: no such file or folder.`);
    const rules: RuleDefinition[] = [];
    const seen = new Map<string, string>();
    const displayed = files.map((f) => this.display(f));
    for (const [i, file] of files.entries()) {
      const parsed = parseRuleFile(file, displayed[i]!);
      problems.push(...parsed.problems);
      for (const raw of parsed.rules) {
        const name = (raw.data as Record<string, unknown> | null)?.name;
        let duplicate = false;
        if (typeof name === 'string') {
          const first = seen.get(name);
          const here = `${raw.display}:${raw.lineOf(['name'])}`;
          duplicate = first !== undefined;
          if (first)
            problems.push(
              `${here}: name: "${name}" is already defined at ${first}. Rule names must be unique.`,
            );
          else seen.set(name, here);
        }
        const result = this.validator.validate(raw);
        problems.push(...result.problems);
        if (result.rule && !duplicate) rules.push(result.rule);
      }
    }
    return { files: displayed, rules, problems: sortByLocation(problems) };
  }

  /** The valid rules; throws DQ_RULE_INVALID (exit 2) listing every problem when any file is wrong. */
  load(paths: readonly string[]): RuleSet {
    const report = this.inspect(paths);
    if (report.problems.length > 0) {
      const n = report.problems.length;
      throw new DqError(
        'DQ_RULE_INVALID',
        `Invalid rule files (${n} problem${n === 1 ? '' : 's'}):\n  - ${report.problems.join('\n  - ')}`,
        { details: report.problems },
      );
    }
    return { files: report.files, rules: report.rules };
  }

  private display(file: string): string {
    const rel = relative(this.cwd, file);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
  }
}

/** Problems in file order, then line order (`file:12: ...`); a stable sort keeps the rest as found. */
function sortByLocation(problems: string[]): string[] {
  const key = (p: string) => {
    const match = /^(.*?):(\d+): /.exec(p);
    return match ? { file: match[1]!, line: Number(match[2]) } : { file: p, line: 0 };
  };
  return [...problems].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka.file === kb.file ? ka.line - kb.line : ka.file < kb.file ? -1 : 1;
  });
}
