export * from './issues.js';
export * from './monitors.js';
export * from './quality.js';
export * from './staging.js';
