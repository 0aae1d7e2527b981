import type { Baseline, BaselineSubject } from './types.js';

// The baseline format as zeek-budget writes it, without the yaml library: rendering and reading a
// baseline of a few thousand variables through it costs a fifth to half a second per run. Only
// text the library itself would write (and read back the same) is handled here; anything else
// returns undefined and takes the library's path (baseline-file.ts), which a property test keeps
// byte-identical to this one.

/** Keys sorted the way the baseline file lists them. */
export function sortedBaseline(baseline: Baseline): Baseline {
  return {
    suite: baseline.suite,
    zeek_version: baseline.zeek_version,
    package_version: baseline.package_version,
    subjects: Object.fromEntries(
      Object.keys(baseline.subjects).sort().map((name) => {
        const s = baseline.subjects[name]!;
        return [name, {
          ...(s.sha256 ? { sha256: s.sha256 } : {}),
          dumps: s.dumps,
          timing: Object.fromEntries(Object.entries(s.timing).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b))),
          variables: Object.fromEntries(Object.keys(s.variables).sort().map((v) => [v, s.variables[v]!])),
        }];
      }),
    ),
  };
}

// Text that YAML reads back as the same string when written bare: no quoting, no escapes.
const PLAIN = /^[A-Za-z0-9_][A-Za-z0-9_.:/-]*$/;
const YAML_WORDS = /^(?:true|false|null|yes|no|on|off|y|n)$/i;
// What YAML 1.2's core schema reads as a number (8.2.2 is text, 8.2 is not).
const YAML_NUMBER = /^(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;

function plain(text: string): boolean {
  return PLAIN.test(text) && !text.endsWith(':') && !text.includes(':/') && !YAML_WORDS.test(text) && !YAML_NUMBER.test(text);
}

/** A number as the yaml library writes it, or undefined for ones it may write differently. */
function plainNumber(n: number): string | undefined {
  const text = String(n);
  return Number.isFinite(n) && !/[eE]/.test(text) && !Object.is(n, -0) ? text : undefined;
}

/**
 * The baseline file's text after its header comment, as the yaml library writes it
 * (renderBaselineWithYaml), or undefined when a name or number is not one this writes bare
 * (quoting rules are the library's business).
 */
export function renderPlainBody(baseline: Baseline): string | undefined {
  const b = sortedBaseline(baseline);
  const out: string[] = [];
  for (const key of ['suite', 'zeek_version', 'package_version'] as const) {
    if (!plain(b[key])) return undefined;
    out.push(`${key}: ${b[key]}`);
  }
  const names = Object.keys(b.subjects);
  out.push(names.length === 0 ? 'subjects: {}' : 'subjects:');
  for (const name of names) {
    const s = b.subjects[name]!;
    if (!plain(name)) return undefined;
    out.push(`  ${name}:`);
    if (s.sha256 !== undefined) {
      if (!plain(s.sha256)) return undefined;
      out.push(`    sha256: ${s.sha256}`);
    }
    const dumps = plainNumber(s.dumps);
    if (dumps === undefined) return undefined;
    out.push(`    dumps: ${dumps}`);
    const timing = Object.entries(s.timing);
    out.push(timing.length === 0 ? '    timing: {}' : '    timing:');
    for (const [k, v] of timing) {
      const n = plainNumber(v as number);
      if (n === undefined || !plain(k)) return undefined;
      out.push(`      ${k}: ${n}`);
    }
    const variables = Object.keys(s.variables);
    out.push(variables.length === 0 ? '    variables: {}' : '    variables:');
    for (const v of variables) {
      if (!plain(v)) return undefined;
      const texts: string[] = [];
      for (const x of s.variables[v]!) {
        const n = plainNumber(x);
        if (n === undefined) return undefined;
        texts.push(n);
      }
      out.push(`      ${v}: ${texts.length === 0 ? '[]' : `[ ${texts.join(', ')} ]`}`);
    }
  }
  return `${out.join('\n')}\n`;
}

const TOP = /^(suite|zeek_version|package_version): (.+)$/;
const ENTRY = /^( {2,6})(\S+?):(?: (.*))?$/;

/**
 * Reads text renderPlainBody wrote. Returns undefined for anything else: the parse is kept only if
 * rendering it gives back exactly the text, so an edited, reordered or quoted file never passes.
 */
export function parsePlainBody(body: string): Baseline | undefined {
  const lines = body.split('\n');
  if (lines.pop() !== '') return undefined;
  const top: Record<string, string> = {};
  let i = 0;
  for (; i < 3; i++) {
    const m = TOP.exec(lines[i] ?? '');
    if (!m) return undefined;
    top[m[1] as string] = m[2] as string;
  }
  const subjects: Record<string, BaselineSubject> = {};
  if (lines[i] !== 'subjects:' && lines[i] !== 'subjects: {}') return undefined;
  i++;
  let subject: BaselineSubject | undefined;
  let section: 'timing' | 'variables' | undefined;
  for (; i < lines.length; i++) {
    const m = ENTRY.exec(lines[i] as string);
    if (!m) return undefined;
    const [, indent, key] = m as unknown as [string, string, string];
    const value = m[3] ?? '';
    if (indent.length === 2) {
      if (value !== '') return undefined;
      subject = { dumps: -1, timing: {}, variables: {} };
      subjects[key] = subject;
      section = undefined;
    } else if (subject === undefined) {
      return undefined;
    } else if (indent.length === 4) {
      section = undefined;
      if (key === 'sha256') subject.sha256 = value;
      else if (key === 'dumps') subject.dumps = Number(value);
      else if ((key === 'timing' || key === 'variables') && (value === '' || value === '{}')) section = key;
      else return undefined;
    } else if (section === 'timing') {
      (subject.timing as Record<string, number>)[key] = Number(value);
    } else if (section === 'variables') {
      if (value === '[]') subject.variables[key] = [];
      else if (value.startsWith('[ ') && value.endsWith(' ]')) subject.variables[key] = value.slice(2, -2).split(', ').map(Number);
      else return undefined;
    } else {
      return undefined;
    }
  }
  const baseline: Baseline = { suite: top.suite as string, zeek_version: top.zeek_version as string, package_version: top.package_version as string, subjects };
  return renderPlainBody(baseline) === body ? baseline : undefined;
}
