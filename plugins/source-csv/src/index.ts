import { definePlugin, tokens } from '@dq/plugin-api';
import { CsvSource } from './csv-source.js';

export { CsvRecordScanner } from './csv-record-scanner.js';
export { CsvSource } from './csv-source.js';
export { discoverFeedBatches, type FeedFile, findFeedFiles, probeFeedFolder } from './file-discovery.js';

export default definePlugin({
  id: 'source-csv',
  apiVersion: 1,
  description: 'The csv source kind: delimited files streamed into COPY, malformed lines to stg_rejects',
  register(reg) {
    reg.provide(tokens.source, CsvSource);
  },
});
