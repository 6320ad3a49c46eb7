import { definePlugin, tokens } from '@dq/plugin-api';
import { ScdType1Strategy } from './scd-type1-strategy.js';
import { ScdType2Strategy } from './scd-type2-strategy.js';

export { ScdType1Strategy } from './scd-type1-strategy.js';
export { END_OF_TIME, ScdType2Strategy } from './scd-type2-strategy.js';

export default definePlugin({
  id: 'scd',
  apiVersion: 1,
  description: 'SCD Type 1 (overwrite) and Type 2 (versioned, half-open windows) strategies',
  register(reg) {
    reg.provide(tokens.scdStrategy, ScdType1Strategy);
    reg.provide(tokens.scdStrategy, ScdType2Strategy);
  },
});
