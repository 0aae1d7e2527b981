/** Deterministic, distinct, plausible-looking names and payload text for generated traffic. */
import type { Rng } from './prng.js';

const WORDS = [
  'alpha',
  'api',
  'assets',
  'auth',
  'blog',
  'cache',
  'cdn',
  'cloud',
  'data',
  'docs',
  'edge',
  'files',
  'img',
  'mail',
  'media',
  'news',
  'portal',
  'shop',
  'static',
  'status',
  'store',
  'sync',
  'update',
  'video',
  'web',
  'wiki',
] as const;

/** Reserved for documentation (RFC 2606 / RFC 6761): these never resolve on the real Internet. */
const ZONES = ['example.com', 'example.net', 'example.org', 'test.example'] as const;

/** Name number i: unique per i (the base-36 part), with a random word and zone for variety. */
export function distinctHostName(i: number, rng: Rng): string {
  return `${rng.pick(WORDS)}-${i.toString(36)}.${rng.pick(ZONES)}`;
}

export function randomWord(rng: Rng): string {
  return rng.pick(WORDS);
}

/** `length` bytes of printable text: `prefix` followed by random lowercase words. */
export function filler(rng: Rng, prefix: string, length: number): Buffer {
  let s = prefix;
  while (s.length < length) s += ` ${rng.pick(WORDS)}`;
  return Buffer.from(s.slice(0, length), 'ascii');
}
