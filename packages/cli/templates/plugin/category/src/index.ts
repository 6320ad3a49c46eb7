import { definePlugin, type RuleCategory, tokens } from '@dq/plugin-api';

/** The `{{snake}}` category: rule files file rules under it with `category: {{snake}}`. */
export const {{camel}}Category: RuleCategory = {
  name: '{{snake}}',
  description: 'Values agree with the reference data the team maintains.',
};

export default definePlugin({
  id: '{{id}}',
  apiVersion: 1,
  description: 'The {{snake}} rule category',
  register(reg) {
    reg.provideValue(tokens.ruleCategory, {{camel}}Category);
  },
});
