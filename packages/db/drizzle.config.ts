import { defineConfig } from 'drizzle-kit';

// Core tables only; plugins keep their own migration folders (see Migrator).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: '../../migrations',
});
