import { definePlugin, tokens } from '@dq/plugin-api';
import { {{Class}}Reporter } from './reporter.js';

export { {{Class}}Reporter };

export default definePlugin({
  id: '{{id}}',
  apiVersion: 1,
  description: 'The {{id}} reporter: a Markdown summary of a check run',
  register(reg) {
    reg.provide(tokens.reporter, {{Class}}Reporter);
  },
});
