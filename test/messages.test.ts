// The catalog of user-facing error texts (harness/messages.ts): each message is raised as the kind
// of error its entry says, with that exit code; each is used; none is written twice in the code.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, EnvironmentError, LogFormatError } from '../harness/errors.js';
import { exitCodeOf, failure, MESSAGES, messageText, type MessageKey } from '../harness/messages.js';
import { REPO } from './helpers/run-cli.js';

const keys = Object.keys(MESSAGES) as MessageKey[];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}
const harness = sources(path.join(REPO, 'harness')).filter((f) => !f.endsWith('messages.ts'));
const code = harness.map((f) => readFileSync(f, 'utf8')).join('\n');

/** Arguments of the right types for any entry: numbers where it counts, text elsewhere. */
function sampleArgs(key: MessageKey): unknown[] {
  const text = MESSAGES[key].text as (...a: unknown[]) => string;
  return Array.from({ length: text.length }, (_, i) => (/Length|Twice|Bad|Held|TakerDied/.test(key) && i < 2 ? i + 1 : `arg${i}`));
}

test.each(keys)('%s: raised as its kind, with its exit code, and used in harness/', (key) => {
  const e = (failure as (k: MessageKey, loc: undefined, ...a: unknown[]) => Error)(key, undefined, ...sampleArgs(key));
  const kind = MESSAGES[key].kind;
  expect(e).toBeInstanceOf({ config: ConfigError, environment: EnvironmentError, logFormat: LogFormatError }[kind]);
  expect((e as ConfigError).exitCode).toBe(exitCodeOf(key));
  expect(e.message.length).toBeGreaterThan(5);
  expect(code).toContain(`'${key}'`);
});

test('the same problem reads the same: since/until in a suite and on the command line', () => {
  expect(messageText('untilBeforeSince', 'since', 'until')).toBe('until is before since: no dump can match');
  expect(messageText('untilBeforeSince', '--since', '--until')).toBe('--until is before --since: no dump can match');
  // The wording lives only in the catalog.
  expect(code).not.toMatch(/is before (--)?since/);
});

test('no two entries say the same thing', () => {
  const text = messageText as (k: MessageKey, ...a: unknown[]) => string;
  const texts = keys.map((k) => text(k, ...sampleArgs(k)));
  expect(new Set(texts).size).toBe(texts.length);
});

test('a message at a location is prefixed with it, as every error is', () => {
  expect(failure('logLineTooLong', { file: 'x.log', line: 9 }, '16 MiB').message).toBe(
    'x.log:9: a line longer than 16 MiB without a newline: this is not a Zeek log, or it is damaged (Zeek writes one record per line)',
  );
  expect(exitCodeOf('logLineTooLong')).toBe(3);
  expect(exitCodeOf('untilBeforeSince')).toBe(2);
});
