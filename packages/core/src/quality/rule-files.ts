import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';

const RULE_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** The rule files under the given paths (folders are searched recursively), sorted, and what was missing. */
export function findRuleFiles(paths: readonly string[], cwd: string): { files: string[]; missing: string[] } {
  const files = new Set<string>();
  const missing: string[] = [];
  for (const given of paths) {
    const path = resolve(cwd, given);
    if (!existsSync(path)) {
      missing.push(given);
      continue;
    }
    if (statSync(path).isDirectory()) for (const file of walk(path)) files.add(file);
    else files.add(path);
  }
  return { files: [...files].sort(), missing };
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile() && RULE_EXTENSIONS.has(extname(entry.name).toLowerCase())) yield path;
  }
}
