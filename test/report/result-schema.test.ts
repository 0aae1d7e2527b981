import { readFileSync } from 'node:fs';
import { mergeDocuments } from '../../harness/report/merge-documents.js';
import { RESULT_SCHEMA, ResultDocumentSchema, resultSchemaFileText } from '../../harness/report/result-document.js';
import { sampleDocument } from './sample-document.js';

test('docs/result-schema.json is current (regenerate: npm run build && node dist/scripts/write-result-schema.js)', () => {
  expect(readFileSync('docs/result-schema.json', 'utf8')).toBe(resultSchemaFileText());
});

test('the schema names its version and documents every field it allows', () => {
  const schema = JSON.parse(resultSchemaFileText());
  expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  expect(schema.properties.schema.const).toBe(RESULT_SCHEMA);
  expect(schema.additionalProperties).toBe(false);
  const suite = schema.properties.suites.items;
  expect(suite.additionalProperties).toBe(false);
  expect(suite.properties.subjects.items.properties.checks.items.properties.verdict.enum).toEqual(['pass', 'fail', 'warn', 'unchecked']);
});

test('merge reads documents through the schema: fields it does not know are dropped', () => {
  const doc = { ...sampleDocument(), extra: 1 };
  expect(ResultDocumentSchema.parse(doc)).not.toHaveProperty('extra');
  expect(mergeDocuments([{ file: 'a.json', doc: ResultDocumentSchema.parse(doc) }], { cwd: '/repo' }).suites).toHaveLength(1);
});
