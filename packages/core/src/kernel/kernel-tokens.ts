/**
 * Tokens of what only the kernel knows, for its own engines and services; plugins never see them
 * (their tokens are @dq/plugin-api's).
 */
export const kernelTokens = {
  /** The registered plugins (LoadedPlugin[]), for `dq plugins` and `dq doctor`. */
  plugins: Symbol.for('dq.kernel.plugins'),
  /** Migration folders contributed by plugins (MigrationSet[]), in plugin order. */
  pluginMigrations: Symbol.for('dq.kernel.pluginMigrations'),
} as const;
