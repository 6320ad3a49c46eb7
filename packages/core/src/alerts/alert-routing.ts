import type { AlertRouteConfig, ReportResult } from '@dq/plugin-api';

/** The rule fields a route matches on. */
export type RoutedRule = Pick<ReportResult, 'severity' | 'category' | 'tags' | 'owner'>;

/**
 * True when a route covers the rule: each of severity, category, tag and owner is either empty
 * (any) or holds the rule's value (for tags: any of the rule's tags); they combine with AND.
 */
export function routeMatches(route: AlertRouteConfig, rule: RoutedRule): boolean {
  const any = (values: readonly string[], test: (v: string) => boolean) =>
    values.length === 0 || values.some(test);
  return (
    any(route.severity, (s) => s === rule.severity) &&
    any(route.category, (c) => c === rule.category) &&
    any(route.tag, (t) => (rule.tags ?? []).includes(t)) &&
    any(route.owner, (o) => o === rule.owner)
  );
}
