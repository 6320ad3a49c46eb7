import { definePlugin, type RuleCategory, tokens } from '@dq/plugin-api';

/** The seven quality dimensions every rule file can use as `category:`. */
export const defaultCategories: readonly RuleCategory[] = [
  { name: 'completeness', description: 'Required values are present: no missing e-mails, keys or amounts.' },
  {
    name: 'accuracy',
    description: 'Values are correct and within plausible ranges (ages, prices, amounts).',
  },
  { name: 'consistency', description: 'Values agree across columns and tables (totals match their parts).' },
  {
    name: 'validity',
    description: 'Values follow the formats and sets the business allows (e-mail, phone, status).',
  },
  {
    name: 'uniqueness',
    description: 'Each real-world thing is recorded once: no duplicate keys or current versions.',
  },
  { name: 'timeliness', description: 'Data is fresh enough to act on: feeds arrive and are loaded on time.' },
  {
    name: 'integrity',
    description: 'References resolve: every foreign key points at an existing row, not the unknown member.',
  },
];

export default definePlugin({
  id: 'rule-categories',
  apiVersion: 1,
  description: 'The seven data-quality dimensions (completeness ... integrity)',
  register(reg) {
    for (const category of defaultCategories) reg.provideValue(tokens.ruleCategory, category);
  },
});
