import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { RuleFileSchema } from './rule-schema.js';

it('the published schema/rule.schema.json is the schema the validator uses', () => {
  const published = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../../../schema/rule.schema.json'), 'utf8'),
  );
  // Regenerate with: node -e "import('@dq/core').then(m => console.log(JSON.stringify(m.RuleFileSchema, null, 2)))"
  expect(published).toEqual(RuleFileSchema);
});
