export { builtinPlugins } from '@dq/builtins';
export { type MappedError, mapError } from './error-mapping.js';
