import { definePlugin, tokens } from '@dq/plugin-api';
import { MysqlSource } from './mysql-source.js';

export { MysqlSource } from './mysql-source.js';

export default definePlugin({
  id: 'source-mysql',
  apiVersion: 1,
  description:
    'The mysql source kind: a table or query of a MySQL or MariaDB database, streamed with backpressure',
  register(reg) {
    reg.provide(tokens.source, MysqlSource);
  },
});
