// Writes docs/result-schema.json from the result document's schema in harness/report/result-document.ts.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resultSchemaFileText } from '../harness/report/result-document.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = path.join(root, 'docs', 'result-schema.json');
writeFileSync(out, resultSchemaFileText());
process.stdout.write(`wrote ${path.relative(process.cwd(), out)}\n`);
