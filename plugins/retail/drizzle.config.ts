import { defineConfig } from 'drizzle-kit';

// The retail plugin's own migrations; `dq db migrate` applies them after the core ones.
export default defineConfig({ dialect: 'postgresql', schema: './src/schema/index.ts', out: './migrations' });
