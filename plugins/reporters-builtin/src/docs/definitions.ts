import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const dataDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data');

/** A KPI of kpis.md. */
export interface KpiDefinition {
  name: string;
  definition: string;
  sql: string;
  target: string;
  owner: string;
  frequency: string;
  dashboard?: string;
}

/** A business term of glossary.md. */
export interface GlossaryTerm {
  term: string;
  section: string;
  definition: string;
  formula?: string;
  rules?: string[];
  owner?: string;
  frequency?: string;
  related?: string[];
}

function readList<T>(file: string): T[] {
  const parsed = parse(readFileSync(join(dataDir, file), 'utf8')) as unknown;
  return Array.isArray(parsed) ? (parsed as T[]) : [];
}

/** The KPI definitions shipped as data (data/kpis.yaml). */
export function kpiDefinitions(): KpiDefinition[] {
  return readList<KpiDefinition>('kpis.yaml');
}

/** The business terms shipped as data (data/glossary.yaml). */
export function glossaryTerms(): GlossaryTerm[] {
  return readList<GlossaryTerm>('glossary.yaml');
}
