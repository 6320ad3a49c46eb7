/**
 * Checks of alerting that a JSON Schema cannot express: every destination a route names exists,
 * and alerting.enabled has somewhere to send. `where(path)` gives the `file:line` of a path.
 */
export function alertingProblems(alerting: unknown, where: (path: string) => string): string[] {
  if (!alerting || typeof alerting !== 'object') return [];
  const { routes, destinations } = alerting as { routes?: unknown; destinations?: unknown };
  if (!routes || typeof routes !== 'object') return [];
  const known = destinations && typeof destinations === 'object' ? Object.keys(destinations) : [];
  const problems: string[] = [];
  for (const [name, route] of Object.entries(routes)) {
    const named = (route as { destinations?: unknown })?.destinations;
    if (!Array.isArray(named)) continue;
    named.forEach((destination: unknown, i) => {
      if (typeof destination !== 'string' || known.includes(destination)) return;
      const path = `alerting.routes.${name}.destinations[${i}]`;
      problems.push(
        `${where(path)}: ${path}: no destination "${destination}" in alerting.destinations. Fix: use one of ${known.join(', ') || '(none configured)'}, or add it under alerting.destinations.`,
      );
    });
  }
  return problems;
}
