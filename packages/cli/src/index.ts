export { builtinPlugins } from './builtin-plugins.js';
export { type MappedError, mapError } from './error-mapping.js';
