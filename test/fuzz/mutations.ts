// Byte-level mutations of valid inputs, the way a file gets damaged (cut short, bytes flipped,
// lines lost or doubled) plus splices of tokens the parsers give meaning to.
import fc from 'fast-check';

type Mutation =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; token: string }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'truncate'; at: number };

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

function mutation(tokens: readonly string[]): fc.Arbitrary<Mutation> {
  return fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fraction, byte: fc.nat(255) }),
    fc.record({ kind: fc.constant('delete' as const), at: fraction, length: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fraction, token: fc.constantFrom(...tokens) }),
    fc.record({ kind: fc.constant('duplicate' as const), at: fraction, length: fc.integer({ min: 1, max: 200 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fraction }),
  );
}

function apply(input: Buffer, m: Mutation): Buffer {
  const at = Math.floor(m.at * (input.length + 1));
  switch (m.kind) {
    case 'flip': {
      if (input.length === 0) return input;
      const out = Buffer.from(input);
      out[Math.min(at, input.length - 1)] = m.byte;
      return out;
    }
    case 'delete':
      return Buffer.concat([input.subarray(0, at), input.subarray(at + m.length)]);
    case 'insert':
      return Buffer.concat([input.subarray(0, at), Buffer.from(m.token, 'utf8'), input.subarray(at)]);
    case 'duplicate':
      return Buffer.concat([input.subarray(0, at + m.length), input.subarray(at)]);
    case 'truncate':
      return input.subarray(0, at);
  }
}

/** A seed with 1-8 mutations applied, and which seed it was (for the case label). */
export function mutatedInput(seeds: readonly Buffer[], tokens: readonly string[]): fc.Arbitrary<{ seed: number; bytes: Buffer }> {
  return fc
    .tuple(fc.nat(seeds.length - 1), fc.array(mutation(tokens), { minLength: 1, maxLength: 8 }))
    .map(([seed, ms]) => ({ seed, bytes: ms.reduce(apply, seeds[seed] as Buffer) }));
}

/** Lines made of the parsers' own tokens: reaches states random bytes rarely do. */
export function tokenSoup(tokens: readonly string[], joiners: readonly string[] = ['\n', '\t', ' ', '']): fc.Arbitrary<Buffer> {
  return fc
    .array(fc.tuple(fc.constantFrom(...tokens), fc.constantFrom(...joiners)), { maxLength: 60 })
    .map((parts) => Buffer.from(parts.map(([t, j]) => t + j).join(''), 'utf8'));
}
