import { isDqError, type Source, type SourceConfig } from '@dq/plugin-api';
import type { DoctorCheck } from './doctor.js';

/**
 * One `dq doctor` finding per configured source: its plugin's own probe (folder there and
 * readable, database reachable, table or query answering). A probe that throws is a failure with
 * the error's message; a kind without a probe is listed as not checked.
 */
export async function probeSources(
  configured: readonly SourceConfig[],
  kinds: readonly Source[],
): Promise<DoctorCheck[]> {
  const byKind = new Map(kinds.map((s) => [s.kind, s]));
  const checks: DoctorCheck[] = [];
  for (const source of configured) {
    const name = `source ${source.name}`;
    const kind = byKind.get(source.kind);
    if (!kind) {
      checks.push({ name, status: 'fail', detail: `no plugin provides the source kind ${source.kind}` });
      continue;
    }
    if (!kind.probe) {
      checks.push({ name, status: 'ok', detail: `${source.kind}: not checked (its plugin has no probe)` });
      continue;
    }
    try {
      const probe = await kind.probe(source);
      checks.push({
        name,
        status: probe.ok ? 'ok' : 'fail',
        detail: `${source.kind}: ${probe.detail}${!probe.ok && probe.hint ? `. ${probe.hint}` : ''}`,
      });
    } catch (err) {
      const hint = isDqError(err) && err.hint ? ` ${err.hint}` : '';
      checks.push({
        name,
        status: 'fail',
        detail: `${source.kind}: ${(err as Error).message}${hint}`,
        ...(isDqError(err) ? { code: err.code } : {}),
      });
    }
  }
  return checks;
}
