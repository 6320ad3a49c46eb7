import { definePlugin, tokens } from '@dq/plugin-api';
import { RetailGenerator } from './retail-generator.js';

export { RetailGenerator } from './retail-generator.js';

export default definePlugin({
  id: 'generator-retail',
  apiVersion: 1,
  description:
    'Deterministic retail test data: six CSV feeds, optional defects and a later customers snapshot',
  register(reg) {
    reg.provide(tokens.generator, RetailGenerator);
  },
});
