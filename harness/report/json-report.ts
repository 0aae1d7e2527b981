import type { ResultDocument } from './result-document.js';

/** The machine-readable result: the document itself (docs/result-schema.json describes it). */
export function renderJson(doc: ResultDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
