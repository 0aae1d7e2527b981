import { suiteJsonSchema } from './schema.js';

/** The text of suites/schema.json: what editors use to complete and check suite files. */
export function schemaFileText(): string {
  const schema = {
    ...suiteJsonSchema(),
    $id: 'https://github.com/zeek-budget/zeek-budget/suites/schema.json',
    $comment: 'Generated from harness/suite/schema.ts by `npm run schema`; do not edit.',
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
