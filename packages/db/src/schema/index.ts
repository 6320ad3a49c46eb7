export * from './issues.js';
export * from './quality.js';
export * from './staging.js';
