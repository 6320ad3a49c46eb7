import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { definePlugin } from '@dq/plugin-api';

export { retailFeeds, stagingTableOf } from './schema/feeds.js';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

export default definePlugin({
  id: 'retail',
  apiVersion: 1,
  description: 'The retail model: six staging tables (and, later, its star schema)',
  register(reg) {
    reg.migrations(migrationsDir);
  },
});
