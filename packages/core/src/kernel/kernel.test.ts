import 'reflect-metadata';
import {
  type CheckKind,
  type DqError,
  definePlugin,
  inject,
  injectAll,
  type Source,
  tokens,
} from '@dq/plugin-api';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/create-logger.js';
import { Kernel } from './kernel.js';
import type { ResolvedPlugin } from './plugin-loader.js';

class NotNull implements CheckKind {
  readonly name = 'not_null';
  readonly paramsSchema = {};
  compile() {
    return { mode: 'predicate' as const, violation: 'FALSE', expected: 'the original' };
  }
}
class OtherNotNull extends NotNull {
  override compile() {
    return { mode: 'predicate' as const, violation: 'TRUE', expected: 'the replacement' };
  }
}
class Csv implements Partial<Source> {
  readonly kind = 'csv';
}

const plugin = (
  id: string,
  register: Parameters<typeof definePlugin>[0]['register'],
  origin = id,
): ResolvedPlugin => ({ plugin: definePlugin({ id, apiVersion: 1, register }), options: {}, origin });

async function kernel(builtins: ResolvedPlugin[], configured: ResolvedPlugin[]): Promise<Kernel> {
  const { logger } = await createLogger({ level: 'silent' });
  return new Kernel({ config: {} as never, logger, database: {} as never }, builtins, configured);
}

function conflictOf(fn: () => Promise<unknown>): Promise<DqError> {
  return fn().then(
    () => {
      throw new Error('expected DQ_PLUGIN_CONFLICT');
    },
    (err: unknown) => err as DqError,
  );
}

describe('plugin registration', () => {
  const builtin = plugin(
    'checks',
    (reg) => {
      reg.provide(tokens.checkKind, NotNull);
      reg.provide(tokens.source, Csv as never);
    },
    'builtin:@dq/checks',
  );

  it('two plugins providing the same check kind or source kind stop dq, naming both and the fix', async () => {
    const err = await conflictOf(() =>
      kernel(
        [builtin],
        [
          plugin('team-checks', (reg) => reg.provide(tokens.checkKind, OtherNotNull)),
          plugin('team-source', (reg) => reg.provideValue(tokens.source, { kind: 'csv' })),
        ],
      ),
    );
    expect(err.code).toBe('DQ_PLUGIN_CONFLICT');
    expect(err.exitCode).toBe(2);
    expect(err.details).toEqual([
      'check kind "not_null" is provided by both checks (builtin:@dq/checks) and team-checks. Fix: remove one of them from plugins:, rename it, or, to replace checks (builtin:@dq/checks)\'s on purpose, provide it with { replace: true }.',
      'source kind "csv" is provided by both checks (builtin:@dq/checks) and team-source. Fix: remove one of them from plugins:, rename it, or, to replace checks (builtin:@dq/checks)\'s on purpose, provide it with { replace: true }.',
    ]);
  });

  it('a category, reporter or chart renderer name given twice is a conflict too', async () => {
    const twice = (token: symbol, value: object) => [
      plugin('a', (reg) => reg.provideValue(token, value)),
      plugin('b', (reg) => reg.provideValue(token, value)),
    ];
    for (const [token, value, what] of [
      [tokens.ruleCategory, { name: 'conformity', description: '' }, 'rule category "conformity"'],
      [tokens.reporter, { name: 'slack' }, 'reporter "slack"'],
      [tokens.chartRenderer, { name: 'svg' }, 'chart renderer "svg"'],
    ] as const) {
      const err = await conflictOf(() => kernel([], twice(token, value)));
      expect(String(err.details)).toContain(`${what} is provided by both a and b`);
    }
  });

  it('a plugin that says replace takes the built-in name over: one implementation is left', async () => {
    const k = await kernel(
      [builtin],
      [plugin('team-checks', (reg) => reg.provide(tokens.checkKind, OtherNotNull, { replace: true }))],
    );
    const kinds = k.resolveAll<CheckKind>(tokens.checkKind);
    expect(kinds).toHaveLength(1);
    expect(kinds[0]).toBeInstanceOf(OtherNotNull);
    expect(k.plugins.find((p) => p.id === 'checks')?.provisions.map((p) => p.token)).toEqual([tokens.source]);
  });
});

describe('building classes with declared dependencies', () => {
  class Needs {
    constructor(
      @inject(tokens.config) readonly config: unknown,
      @injectAll(tokens.checkKind) readonly kinds: CheckKind[],
      @injectAll(tokens.reporter) readonly reporters: unknown[],
    ) {}
  }
  class Uses {
    constructor(@inject(Needs) readonly needs: Needs) {}
  }
  class Undeclared {
    constructor(
      @inject(tokens.logger) readonly logger: unknown,
      readonly forgotten: unknown,
    ) {}
  }

  it('gives each parameter what its token declares: single, every one of a list (empty when none), a class', async () => {
    const k = await kernel([plugin('checks', (reg) => reg.provide(tokens.checkKind, NotNull))], []);
    const built = k.build(Uses).needs;
    expect(built.config).toEqual({});
    expect(built.kinds.map((x) => x.name)).toEqual(['not_null']);
    expect(built.reporters).toEqual([]);
  });

  it('builds a plugin class through its declared tokens too', async () => {
    class Injected extends NotNull {
      constructor(@inject(tokens.config) readonly config: unknown) {
        super();
      }
    }
    const k = await kernel([plugin('checks', (reg) => reg.provide(tokens.checkKind, Injected))], []);
    expect(k.resolveAll<Injected>(tokens.checkKind)[0]?.config).toEqual({});
  });

  it('reads declarations made by another copy of @dq/plugin-api (a plugin installed outside the repository)', async () => {
    // What that copy's @inject(tokens.config) leaves on the class: a global symbol, no module state.
    class FromOtherCopy extends NotNull {
      constructor(readonly config: unknown) {
        super();
      }
    }
    Object.defineProperty(FromOtherCopy, Symbol.for('dq.injections'), {
      value: [{ token: Symbol.for('dq.config'), all: false }],
    });
    const k = await kernel([plugin('other', (reg) => reg.provide(tokens.checkKind, FromOtherCopy))], []);
    expect(k.resolveAll<FromOtherCopy>(tokens.checkKind)[0]?.config).toEqual({});
  });

  it('refuses a constructor parameter without a token, naming the class and the position', async () => {
    const k = await kernel([], []);
    expect(() => k.build(Undeclared)).toThrow(/Undeclared: constructor parameter 1 declares no token/);
  });
});
