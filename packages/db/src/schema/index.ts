export * from './quality.js';
export * from './staging.js';
