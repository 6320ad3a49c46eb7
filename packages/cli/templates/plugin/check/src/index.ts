import { definePlugin, tokens } from '@dq/plugin-api';
import { {{Class}}Check } from './check-kind.js';

export { {{Class}}Check };

export default definePlugin({
  id: '{{id}}',
  apiVersion: 1,
  description: 'The {{snake}} check kind: text values shorter than min_length characters',
  register(reg) {
    reg.provide(tokens.checkKind, {{Class}}Check);
  },
});
