import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'sql');
const cache = new Map<string, string>();

/** The text of one of the plugin's SQL files (plugins/retail/sql/NAME.sql). */
export function sqlFile(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(dir, `${name}.sql`), 'utf8');
    cache.set(name, text);
  }
  return text;
}
