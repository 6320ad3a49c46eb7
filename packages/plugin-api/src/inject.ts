import type { Constructor } from './define-plugin.js';

/**
 * What a constructor parameter receives: one implementation of a single token (`tokens.config`),
 * every implementation of a list token (`tokens.source`, an empty list when none is registered),
 * or an instance of a class the kernel builds the same way (an engine or service).
 */
export type InjectionToken = symbol | Constructor<unknown>;

/** One declared constructor parameter. */
export interface Injection {
  token: InjectionToken;
  /** Every implementation of a list token, in registration order. */
  all: boolean;
}

/**
 * Where the declarations live: a global symbol on the class itself, not tsyringe's module-level
 * registry, so a plugin installed with its own copy of @dq/plugin-api (outside this repository)
 * declares dependencies the kernel's copy reads.
 */
const INJECTIONS = Symbol.for('dq.injections');

type Declared = { [INJECTIONS]?: Injection[] };

function declare(target: object, index: number, injection: Injection): void {
  const cls = target as Declared;
  // Own property only: a subclass declares its own constructor.
  const list = Object.hasOwn(cls, INJECTIONS) ? cls[INJECTIONS]! : [];
  list[index] = injection;
  Object.defineProperty(cls, INJECTIONS, { value: list, configurable: true });
}

/**
 * Declares what a constructor parameter receives: `constructor(@inject(tokens.database) db:
 * Database)`. Every parameter of a class the kernel builds needs one (bundlers such as esbuild
 * emit no type metadata to infer them from). The kernel builds it through its DI container.
 */
export function inject(token: InjectionToken) {
  return (target: object, _key: string | symbol | undefined, index: number): void =>
    declare(target, index, { token, all: false });
}

/** Declares a parameter that receives every implementation of a list token (`tokens.checkKind`). */
export function injectAll(token: symbol) {
  return (target: object, _key: string | symbol | undefined, index: number): void =>
    declare(target, index, { token, all: true });
}

/**
 * The declared parameters of a class, by position; undefined where a parameter has none. For the
 * kernel, which builds the class.
 */
export function injectionsOf(cls: Constructor<unknown>): (Injection | undefined)[] {
  const declared = Object.hasOwn(cls, INJECTIONS) ? (cls as Declared)[INJECTIONS]! : [];
  return Array.from({ length: Math.max(cls.length, declared.length) }, (_, i) => declared[i]);
}
