import picomatch from 'picomatch';

const matcherCache = new Map<string, (s: string) => boolean>();

/** Whether a name matches a rule's glob. */
export function matches(pattern: string, value: string): boolean {
  let m = matcherCache.get(pattern);
  if (!m) {
    // `::` and `-` are ordinary characters here; only glob metacharacters are special.
    m = picomatch(pattern, { dot: true, nobrace: false, noextglob: true });
    matcherCache.set(pattern, m);
  }
  return m(value);
}
