import {
  definePlugin,
  type GenerateOptions,
  type GenerateResult,
  type Generator,
  tokens,
} from '@dq/plugin-api';
import type { GenerateContext } from './retail-generator.js';

/**
 * The retail generator as the kernel sees it. The implementation (and faker, ~0.4 s to import)
 * loads on the first generate() call, so every other dq command starts without it.
 */
export class RetailGenerator implements Generator {
  readonly name = 'retail';
  readonly description =
    'Retail customers, products, transactions, items, campaigns and responses, with optional defects';

  async generate(options: GenerateOptions, ctx: GenerateContext): Promise<GenerateResult> {
    const { generateRetailFeeds } = await import('./retail-generator.js');
    return generateRetailFeeds(options, ctx);
  }
}

export default definePlugin({
  id: 'generator-retail',
  apiVersion: 1,
  description:
    'Deterministic retail test data: six CSV feeds, optional defects and a later customers snapshot',
  register(reg) {
    reg.provide(tokens.generator, RetailGenerator);
  },
});
