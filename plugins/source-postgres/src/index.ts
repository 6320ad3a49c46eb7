import { definePlugin, tokens } from '@dq/plugin-api';
import { PostgresSource } from './postgres-source.js';

export { withRowHash } from './copy-row-hash.js';
export { PostgresSource } from './postgres-source.js';

export default definePlugin({
  id: 'source-postgres',
  apiVersion: 1,
  description: 'The postgres source kind: a table or query of another PostgreSQL database, COPY to COPY',
  register(reg) {
    reg.provide(tokens.source, PostgresSource);
  },
});
