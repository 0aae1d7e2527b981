import { ConfigError, EnvironmentError, EXIT, LogFormatError, type SourceLocation, type ZeekBudgetError } from './errors.js';

/**
 * User-facing error texts in one place, each with the kind of error (and so the exit code) it is
 * raised as: the same problem reads the same wherever it is found, and tests can hold the wording
 * (test/messages.test.ts). Texts say what is wrong and what to do; the location (file:line:col and
 * field) is added by the error, never written into the text.
 */
const KINDS = {
  config: ConfigError,
  environment: EnvironmentError,
  logFormat: LogFormatError,
} as const;

type Kind = keyof typeof KINDS;

interface Entry<A extends unknown[]> {
  kind: Kind;
  text: (...args: A) => string;
}

function entry<A extends unknown[]>(kind: Kind, text: (...args: A) => string): Entry<A> {
  return { kind, text };
}

const ZEEK_VERSION_LINE = '"zeek version X.Y.Z"';

export const MESSAGES = {
  // --- suites ---
  untilBeforeSince: entry('config', (since: string, until: string) => `${until} is before ${since}: no dump can match`),
  durationNotPositive: entry(
    'config',
    (value: string | number, consequence: string) => `must be more than 0 (${JSON.stringify(value)} would ${consequence}): give a duration such as 30s or 5m`,
  ),
  invalidSuiteYaml: entry('config', (problem: string) => `invalid YAML: ${problem}`),
  cannotReadSuite: entry('config', (why: string) => `cannot read suite: ${why}`),
  suiteEncoding: entry('config', (problem: string) => `suite ${problem}`),
  yamlSecondDocument: entry(
    'config',
    (what: string) => `${what} is one YAML document, but a second one starts here (after "---"): remove the "---" or split the file`,
  ),
  yamlCollectionKey: entry(
    'config',
    () => 'a key that is a list or a map (as "? [a, b]" or "{[a]: 1}" write it): keys are names, so write the key as plain text',
  ),
  // --- baselines ---
  baselineEncoding: entry('config', (problem: string, fix: string) => `baseline ${problem}; or ${fix}`),
  baselineNotYaml: entry('config', (problem: string, fix: string) => `baseline is not valid YAML (${problem}): ${fix}`),
  baselineDamaged: entry('config', (problem: string, fix: string) => `baseline is damaged (${problem}): ${fix}`),
  baselineListLength: entry(
    'config',
    (values: number, dumps: number, fix: string) => `baseline is damaged (${values} value(s) but dumps is ${dumps}: one value per dump): ${fix}`,
  ),
  cannotReadBaseline: entry('environment', (why: string) => `cannot read baseline: ${why}`),
  cannotWriteBaseline: entry('environment', (why: string) => `cannot write baseline: ${why}`),
  baselineLockHeld: entry(
    'environment',
    (pid: number, lock: string) =>
      `another zeek-budget (pid ${pid}) is updating this baseline; wait for it to finish (or remove ${lock} if that process is not zeek-budget)`,
  ),
  baselineLockContended: entry('environment', (lock: string) => `cannot lock baseline: ${lock} keeps being taken over by other writers; try again`),
  baselineLockTakerDied: entry(
    'environment',
    (pid: number, lock: string, marker: string) =>
      `cannot lock baseline: a zeek-budget (pid ${pid}) died while taking over a stale lock; remove ${lock} and ${marker}`,
  ),
  cannotLockBaseline: entry('environment', (why: string) => `cannot lock baseline: ${why}`),
  // --- logs ---
  logLineTooLong: entry(
    'logFormat',
    (limit: string) => `a line longer than ${limit} without a newline: this is not a Zeek log, or it is damaged (Zeek writes one record per line)`,
  ),
  logIsDirectory: entry('environment', () => 'is a directory, not a log file (pass the log file, or use a command that searches directories)'),
  logNotRegular: entry('environment', (kind: string) => `is ${kind}, not a regular file: a log is read whole, so name the log file Zeek wrote`),
  logFieldNameBad: entry('logFormat', (column: number, what: string) => `#fields: column ${column} has ${what}: the header is damaged`),
  logFieldNameTwice: entry(
    'logFormat',
    (first: number, second: number, name: string) =>
      `#fields: columns ${first} and ${second} are both named "${name}": the header is damaged (Zeek's column names are unique)`,
  ),
  logByteOrderMark: entry(
    'logFormat',
    () =>
      'starts with a UTF-8 byte-order mark, which Zeek never writes: the log was re-saved by an editor; remove the mark (e.g. sed -i "1s/^\\xEF\\xBB\\xBF//")',
  ),
  logUtf16: entry(
    'logFormat',
    () => 'holds NUL bytes: it looks UTF-16 encoded, and Zeek writes UTF-8 logs; convert it (iconv -f UTF-16 -t UTF-8) or read the log Zeek wrote',
  ),
  // --- zeek ---
  zeekCannotStart: entry('environment', (zeek: string, why: string) => `${zeek} cannot be started: ${why}`),
  zeekVersionSilent: entry('environment', (zeek: string) => `${zeek} --version did not answer within 30 s: is it really zeek?`),
  zeekVersionFailed: entry('environment', (zeek: string, how: string, output: string) => `${zeek} --version failed (${how}): ${output || '(no output)'}`),
  zeekNotZeek: entry(
    'environment',
    (zeek: string, program: string, said: string | undefined) =>
      `${zeek} is not Zeek: \`${program} --version\` ${said ? `printed "${said}"` : 'printed nothing'}, where Zeek prints ${ZEEK_VERSION_LINE} (point --zeek or ZEEK at the zeek binary)`,
  ),
  zeekTooOld: entry(
    'environment',
    (zeek: string, version: string, minimum: string, advice: string) =>
      `${zeek} is Zeek ${version}, older than ${minimum}: the measuring package needs Zeek ${minimum} or newer.\n${advice}`,
  ),
  // --- output ---
  cannotWriteReport: entry('environment', (reporter: string, reason: string) => `cannot write the ${reporter} report: ${reason}`),
} as const;

export type MessageKey = keyof typeof MESSAGES;
type Args<K extends MessageKey> = Parameters<(typeof MESSAGES)[K]['text']>;

/** The text of a message, for callers that wrap it (a suite's `fail(path, text)`). */
export function messageText<K extends MessageKey>(key: K, ...args: Args<K>): string {
  return (MESSAGES[key].text as (...a: Args<K>) => string)(...args);
}

/** The exit code a message is raised with. */
export function exitCodeOf(key: MessageKey): typeof EXIT.usage | typeof EXIT.environment {
  return MESSAGES[key].kind === 'config' ? EXIT.usage : EXIT.environment;
}

/** The error for a message at a location: its kind (ConfigError, EnvironmentError, LogFormatError) is the catalog's. */
export function failure<K extends MessageKey>(key: K, location: SourceLocation | undefined, ...args: Args<K>): ZeekBudgetError {
  return new KINDS[MESSAGES[key].kind](messageText(key, ...args), location);
}
