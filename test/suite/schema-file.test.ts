import { readFileSync } from 'node:fs';
import { schemaFileText } from '../../harness/suite/schema-file.js';

test('suites/schema.json is current (regenerate with npm run schema)', () => {
  expect(readFileSync('suites/schema.json', 'utf8')).toBe(schemaFileText());
});

test('the shipped schema rejects unknown keys and documents every field', () => {
  const schema = JSON.parse(schemaFileText()) as { additionalProperties: boolean; properties: Record<string, { description?: string }> };
  expect(schema.additionalProperties).toBe(false);
  const undocumented = Object.entries(schema.properties)
    .filter(([, v]) => !v.description)
    .map(([k]) => k);
  expect(undocumented).toEqual([]);
});
