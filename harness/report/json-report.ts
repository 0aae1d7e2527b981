import { jsonChunks } from '../text/json-chunks.js';
import type { ResultDocument } from './result-document.js';

/** The machine-readable result: the document itself (docs/result-schema.json describes it). */
export function renderJson(doc: ResultDocument): string {
  return [...jsonReportChunks(doc)].join('');
}

/** The same text in chunks of about 1 MB, for documents too large for one string. */
export function* jsonReportChunks(doc: ResultDocument): Generator<string> {
  yield* jsonChunks(doc);
  yield '\n';
}
