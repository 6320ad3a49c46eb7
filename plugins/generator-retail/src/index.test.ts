import { type Constructor, isDqPlugin, type PluginRegistrar, tokens } from '@dq/plugin-api';
import { describe, expect, it } from 'vitest';
import plugin, { RetailGenerator } from './index.js';

describe('generator-retail plugin', () => {
  it('provides the retail generator under the generator token', () => {
    const provided: [symbol, Constructor<unknown>][] = [];
    const registrar: PluginRegistrar = {
      provide: (token, implementation) => provided.push([token, implementation]),
      provideValue: () => {},
      migrations: () => {},
    };
    expect(isDqPlugin(plugin)).toBe(true);
    expect(plugin.id).toBe('generator-retail');
    expect(plugin.apiVersion).toBe(1);
    plugin.register(registrar, {});
    expect(provided).toEqual([[tokens.generator, RetailGenerator]]);
    expect(new RetailGenerator().name).toBe('retail');
  });
});
