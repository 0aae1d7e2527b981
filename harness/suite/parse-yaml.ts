import { LineCounter, parseDocument, type Document } from 'yaml';
import { COLLECTION_KEY, firstAliasPosition, firstCollectionKey, yamlErrorText, type Position } from './yaml-locations.js';

/** Stage 1 of loading a suite (and of reading a baseline): YAML text to plain data, with positions. */
export interface ParsedYaml {
  file: string;
  doc: Document;
  counter: LineCounter;
  data: unknown;
}

/** Why the text is not usable YAML, in our words, and where; the caller words the error. */
export interface YamlProblem {
  problem: string;
  position?: Position;
}

/** The alias limit stops "billion laughs" documents from expanding into gigabytes. */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses one YAML document: a syntax error, a second document, a key that is a list or a map,
 * or aliases that cannot be resolved (undefined, or too many) are a YamlProblem with a position.
 * `what` names the document in messages ("a suite", "a baseline").
 */
export function parseYaml(text: string, file: string, what: string): ParsedYaml | YamlProblem {
  const counter = new LineCounter();
  // logLevel error: the library prints nothing itself (its "Keys with collection values will be
  // stringified" went to stderr); such keys are refused below instead.
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true, logLevel: 'error' });
  const firstError = doc.errors[0];
  if (firstError) {
    const pos = firstError.linePos?.[0];
    return { problem: yamlErrorText(firstError, what), position: pos && { line: pos.line, column: pos.col } };
  }
  const collectionKey = firstCollectionKey(doc, counter);
  if (collectionKey) return { problem: COLLECTION_KEY, position: collectionKey };
  try {
    return { file, doc, counter, data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (e) {
    // Aliases are resolved only here: one to a missing anchor, or an alias bomb.
    return { problem: (e as Error).message, position: firstAliasPosition(doc, counter) };
  }
}

export function isYamlProblem(r: ParsedYaml | YamlProblem): r is YamlProblem {
  return 'problem' in r;
}
