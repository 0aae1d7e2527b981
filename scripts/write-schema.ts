// Writes suites/schema.json from the suite schema in harness/suite/schema.ts.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaFileText } from '../harness/suite/schema-file.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = path.join(root, 'suites', 'schema.json');
writeFileSync(out, schemaFileText());
process.stdout.write(`wrote ${path.relative(process.cwd(), out)}\n`);
