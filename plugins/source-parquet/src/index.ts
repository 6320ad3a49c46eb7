import { definePlugin, tokens } from '@dq/plugin-api';
import { ParquetSource } from './parquet-source.js';

export { ParquetSource } from './parquet-source.js';

export default definePlugin({
  id: 'source-parquet',
  apiVersion: 1,
  description: 'The parquet source kind: Parquet files read row group by row group, columns by name',
  register(reg) {
    reg.provide(tokens.source, ParquetSource);
  },
});
