import { definePlugin, tokens } from '@dq/plugin-api';
import { {{Class}}Source } from './source.js';

export { {{Class}}Source };

export default definePlugin({
  id: '{{id}}',
  apiVersion: 1,
  description: 'The {{snake}} source kind: key=value files, one pair a line',
  register(reg) {
    reg.provide(tokens.source, {{Class}}Source);
  },
});
