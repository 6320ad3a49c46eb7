import { definePlugin, tokens } from '@dq/plugin-api';
import { JsonlSource } from './jsonl-source.js';

export { JsonlSource } from './jsonl-source.js';

export default definePlugin({
  id: 'source-jsonl',
  apiVersion: 1,
  description: 'The jsonl source kind: JSON-lines files, fields mapped to columns, bad lines to stg_rejects',
  register(reg) {
    reg.provide(tokens.source, JsonlSource);
  },
});
