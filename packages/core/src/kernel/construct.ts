import { type Constructor, DqError, type InjectionToken, injectionsOf } from '@dq/plugin-api';
import type { DependencyContainer } from 'tsyringe';

/** What one declared parameter receives from `container`. */
function resolveParameter(container: DependencyContainer, token: InjectionToken, all: boolean): unknown {
  if (typeof token === 'function') return resolveClass(container, token);
  if (all) return container.isRegistered(token, true) ? container.resolveAll(token) : [];
  return container.resolve(token);
}

/**
 * Builds `cls` with every constructor parameter resolved from `container` as its `@inject` /
 * `@injectAll` declares. A parameter without a declaration is an error naming the class and the
 * position: dependencies are declared, never guessed from types (esbuild emits no metadata).
 */
export function construct<T>(container: DependencyContainer, cls: Constructor<T>): T {
  const params = injectionsOf(cls);
  const missing = params.flatMap((p, i) => (p ? [] : [i]));
  if (missing.length > 0) {
    throw new DqError(
      'DQ_PLUGIN_LOAD_FAILED',
      `${cls.name || 'a class'}: constructor parameter${missing.length === 1 ? '' : 's'} ${missing.join(', ')} declare${missing.length === 1 ? 's' : ''} no token.`,
      {
        hint: "Mark every constructor parameter with @inject(tokens.X) or @injectAll(tokens.X) from '@dq/plugin-api'.",
      },
    );
  }
  return new cls(...params.map((p) => resolveParameter(container, p!.token, p!.all)));
}

/**
 * Registers `cls` under itself (once per container, built by {@link construct}) and resolves it:
 * engines and services are built by the container like plugin classes, one instance per resolve.
 */
export function resolveClass<T>(container: DependencyContainer, cls: Constructor<T>): T {
  if (!container.isRegistered(cls, true)) {
    container.register(cls, { useFactory: (c) => construct(c, cls) });
  }
  return container.resolve(cls);
}
