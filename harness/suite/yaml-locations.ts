import { isCollection, isMap, isNode, isPair, isScalar, LineCounter, visit, type Document, type Node, type YAMLError } from 'yaml';
import { messageText } from '../messages.js';

export type PathKey = string | number | symbol;

export interface Position {
  line: number;
  column: number;
}

/**
 * Maps a path in the parsed data (as schema issues report it) back to a line and column in the
 * YAML source. Falls back to the nearest existing ancestor, so a missing key points at its parent.
 */
export function locate(doc: Document, counter: LineCounter, path: readonly PathKey[], key?: string): Position {
  let node: unknown = doc.contents;
  let best: Node | undefined = isNode(node) ? node : undefined;
  for (const step of path) {
    if (typeof step === 'symbol' || !isNode(node) || !('get' in node)) break;
    const next: unknown = (node as { get(k: unknown, keepScalar: boolean): unknown }).get(step, true);
    if (!isNode(next)) break;
    node = next;
    best = next;
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
    if (pair && isNode(pair.key)) best = pair.key;
  }
  const offset = best?.range?.[0] ?? 0;
  const pos = counter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

export function formatPath(path: readonly PathKey[]): string {
  let s = '';
  for (const step of path) {
    if (typeof step === 'number') s += `[${step}]`;
    else if (typeof step === 'string') s += s === '' ? step : `.${step}`;
  }
  return s;
}

/**
 * Where the first alias is: the place to point at when resolving aliases fails after parsing (an
 * alias to an anchor defined later, or so many aliases that expanding them is refused).
 */
export function firstAliasPosition(doc: Document, counter: LineCounter): Position | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  if (offset === undefined) return undefined;
  const pos = counter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

/**
 * The library's error text, in the user's terms: the first line, without the position (the caller
 * prints it as file:line:col) and without advice about the library's own API.
 */
export function yamlErrorText(error: YAMLError, what: string): string {
  if (error.code === 'MULTIPLE_DOCS') return messageText('yamlSecondDocument', what);
  return (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
}

export const COLLECTION_KEY = messageText('yamlCollectionKey');

/** Where the first key that is itself a list or a map is: such keys cannot name anything. */
export function firstCollectionKey(doc: Document, counter: LineCounter): Position | undefined {
  let offset: number | undefined;
  visit(doc, {
    Pair(_key, pair) {
      if (isCollection(pair.key)) {
        offset = pair.key.range?.[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (offset === undefined) return undefined;
  const pos = counter.linePos(offset);
  return { line: pos.line, column: pos.col };
}
