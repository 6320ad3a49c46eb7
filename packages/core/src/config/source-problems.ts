/**
 * Checks across sources that a JSON Schema cannot express: each source name once (`--source NAME`
 * and stg_audit_log rows name sources), and each staging table written by one source only (two
 * sources replacing or appending one table would undo each other's loads and, loading side by
 * side, deadlock). `where(path)` gives the `file:line` of a config path.
 */
export function sourceProblems(sources: unknown, where: (path: string) => string): string[] {
  if (!Array.isArray(sources)) return [];
  const problems: string[] = [];
  const byName = new Map<string, number>();
  const byTable = new Map<string, { index: number; table: string }>();
  sources.forEach((source: unknown, index) => {
    if (typeof source !== 'object' || source === null) return;
    const { name, table } = source as { name?: unknown; table?: unknown };
    if (typeof name === 'string') {
      const first = byName.get(name);
      if (first === undefined) byName.set(name, index);
      else {
        problems.push(
          `${where(`sources[${index}].name`)}: sources[${index}].name: "${name}" is already the name of sources[${first}]. Fix: give each source its own name.`,
        );
      }
    }
    if (typeof table === 'string') {
      const key = stagingTableKey(table);
      const first = byTable.get(key);
      if (first === undefined) byTable.set(key, { index, table });
      else {
        problems.push(
          `${where(`sources[${index}].table`)}: sources[${index}].table: ${table} is already loaded by sources[${first.index}] (${first.table}). Fix: give each source its own staging table.`,
        );
      }
    }
  });
  return problems;
}

/** `stg_x` and `public.stg_x` are one table on the default search path. */
function stagingTableKey(table: string): string {
  return table.replace(/^public\./, '');
}
