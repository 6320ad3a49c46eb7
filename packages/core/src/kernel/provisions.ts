import { type Constructor, multiTokens, type ProvideOptions, tokenName, tokens } from '@dq/plugin-api';
import type { DependencyContainer } from 'tsyringe';
import { construct } from './construct.js';

/** One thing a plugin provides under a token: a class the kernel builds, or a ready value. */
export type Provision = (
  | { token: symbol; kind: 'class'; implementation: Constructor<unknown> }
  | { token: symbol; kind: 'value'; value: unknown }
) & { plugin: string; options: ProvideOptions };

/**
 * Registers a provision in a container. A class is built by {@link construct} from the tokens its
 * constructor declares, resolved in the container it is resolved from.
 */
export function registerProvision(container: DependencyContainer, p: Provision): void {
  if (p.kind === 'class') {
    const cls = p.implementation;
    container.register(p.token, { useFactory: (c) => construct(c, cls) });
  } else container.register(p.token, { useValue: p.value });
}

/** The instance a provision stands for (classes are built in `container`). */
export function instanceOf(container: DependencyContainer, p: Provision): unknown {
  return p.kind === 'value' ? p.value : construct(container, p.implementation);
}

/** The name an implementation is known by in config and rule files: its name, kind, type, id or term. */
export function displayName(instance: unknown, provision: Provision): string {
  const obj = instance as Record<string, unknown> | undefined;
  for (const key of ['name', 'kind', 'type', 'id', 'term']) {
    const value = obj?.[key];
    if (typeof value === 'string' && value) return value;
  }
  return provision.kind === 'class' ? provision.implementation.name : 'value';
}

/** What each list token's implementations are called where users name them. */
const NAMED_AS: Partial<Record<string, string>> = {
  source: 'source kind',
  scdStrategy: 'SCD strategy',
  dimensionSpec: 'dimension',
  factLoader: 'fact loader',
  ruleCategory: 'rule category',
  checkKind: 'check kind',
  reporter: 'reporter',
  generator: 'generator',
  chartRenderer: 'chart renderer',
  tableDistribution: 'table distribution',
  kpi: 'KPI',
  glossaryTerm: 'glossary term',
};

/**
 * Settles provisions of list tokens that share a name (a check kind `not_null` from two plugins):
 * a later one marked `replace` takes the earlier one's place; any other pair is a conflict,
 * described with both plugins and the fix. Returns the provisions to register, in order.
 */
export function settleNames(
  provisions: readonly Provision[],
  nameOf: (p: Provision) => string,
): { kept: Provision[]; conflicts: string[] } {
  const named = new Set<symbol>(multiTokens.map((t) => tokens[t]));
  const owner = new Map<string, Provision>();
  const dropped = new Set<Provision>();
  const conflicts: string[] = [];
  for (const p of provisions) {
    if (!named.has(p.token)) continue;
    const key = `${String(p.token.description)}\u0000${nameOf(p)}`;
    const previous = owner.get(key);
    if (!previous) {
      owner.set(key, p);
      continue;
    }
    const what = `${NAMED_AS[tokenName(p.token) ?? ''] ?? tokenName(p.token)} "${nameOf(p)}"`;
    if (p.options.replace && previous.plugin !== p.plugin) {
      dropped.add(previous);
      owner.set(key, p);
    } else {
      conflicts.push(
        `${what} is provided by both ${previous.plugin} and ${p.plugin}. Fix: remove one of them from plugins:, rename it, or, to replace ${previous.plugin}'s on purpose, provide it with { replace: true }.`,
      );
    }
  }
  return { kept: provisions.filter((p) => !dropped.has(p)), conflicts };
}
