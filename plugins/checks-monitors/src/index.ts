import { type CheckKind, definePlugin, tokens } from '@dq/plugin-api';
import { AnomalyCheck } from './anomaly-check.js';
import { SchemaChangeCheck } from './schema-change-check.js';

export { assess, type Baseline } from './detector.js';
export { AnomalyCheck, SchemaChangeCheck };

export default definePlugin({
  id: 'checks-monitors',
  apiVersion: 1,
  description:
    'Monitor check kinds: anomaly (metrics per time bucket against their history) and schema_change',
  register(reg) {
    reg.provide<CheckKind>(tokens.checkKind, AnomalyCheck);
    reg.provide<CheckKind>(tokens.checkKind, SchemaChangeCheck);
  },
});
