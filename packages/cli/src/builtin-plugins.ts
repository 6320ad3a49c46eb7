import type { ResolvedPlugin } from '@dq/core';
import ruleCategories from '@dq/plugin-rule-categories';

// The CLI is the composition root: it names the plugins that ship with dq, so the kernel in
// @dq/core never imports a plugin. Further plugins come from the config's `plugins:` list.
export function builtinPlugins(): ResolvedPlugin[] {
  return [{ plugin: ruleCategories, options: {}, origin: 'builtin:@dq/plugin-rule-categories' }];
}
