import path from 'node:path';
import { ConfigError } from '../errors.js';

export const REPORTERS = ['terminal', 'json', 'junit', 'markdown', 'github', 'html'] as const;
export type ReporterName = (typeof REPORTERS)[number];

/** `--reporter NAME[=FILE]`; FILE `-` is stdout. */
export interface ReporterSpec {
  name: ReporterName;
  file?: string;
}

/** Where one reporter writes: stdout, a file, or (markdown) only appended to the job summary. */
export interface PlannedReport {
  name: ReporterName;
  to: 'stdout' | 'file' | 'append-only';
  /** Absolute path, for `file`. */
  file?: string;
  /** Also appended to this file (markdown: $GITHUB_STEP_SUMMARY). */
  appendTo?: string;
}

export const DEFAULT_HTML_FILE = 'zeek-budget-report.html';

export function parseReporterSpec(text: string): ReporterSpec {
  const eq = text.indexOf('=');
  const name = (eq < 0 ? text : text.slice(0, eq)).trim();
  const file = eq < 0 ? undefined : text.slice(eq + 1).trim();
  if (!(REPORTERS as readonly string[]).includes(name)) {
    throw new ConfigError(
      `--reporter ${text}: unknown reporter "${name}"; choose from ${REPORTERS.join(', ')}, optionally with =FILE (e.g. --reporter junit=junit.xml)`,
    );
  }
  if (file === '') throw new ConfigError(`--reporter ${text}: give a file after "=", or "-" for stdout, or leave out "="`);
  return { name: name as ReporterName, file };
}

/**
 * Decides where each reporter writes. Without any --reporter: the terminal report on stdout. A
 * reporter without FILE writes to stdout, except html (DEFAULT_HTML_FILE) and markdown under GitHub
 * Actions (only the job summary). The terminal report stays on stdout unless another report takes
 * stdout; GitHub annotations are lines meant for the log and share it with the terminal report.
 */
export function planReports(specs: ReporterSpec[], opts: { cwd: string; env: NodeJS.ProcessEnv }): PlannedReport[] {
  const summary = opts.env.GITHUB_STEP_SUMMARY ? path.resolve(opts.cwd, opts.env.GITHUB_STEP_SUMMARY) : undefined;
  const plans = specs.map((s): PlannedReport => {
    const appendTo = s.name === 'markdown' ? summary : undefined;
    if (s.file === '-') return { name: s.name, to: 'stdout', appendTo };
    if (s.file !== undefined) return { name: s.name, to: 'file', file: path.resolve(opts.cwd, s.file), appendTo };
    if (s.name === 'html') return { name: s.name, to: 'file', file: path.resolve(opts.cwd, DEFAULT_HTML_FILE) };
    // Under GitHub Actions a bare `markdown` is for the job summary, not the log.
    if (appendTo) return { name: s.name, to: 'append-only', appendTo };
    return { name: s.name, to: 'stdout' };
  });
  const takesStdout = (p: PlannedReport) => p.to === 'stdout' && p.name !== 'github';
  if (!plans.some((p) => p.name === 'terminal') && !plans.some(takesStdout)) plans.unshift({ name: 'terminal', to: 'stdout' });
  const onStdout = plans.filter(takesStdout);
  if (onStdout.length > 1) {
    const second = onStdout[1]?.name ?? 'json';
    throw new ConfigError(
      `--reporter: ${onStdout.map((p) => p.name).join(' and ')} would all write to stdout; give all but one a file, e.g. --reporter ${second}=report.${extension(second)}`,
    );
  }
  const seen = new Map<string, ReporterName>();
  for (const p of plans) {
    if (!p.file) continue;
    const other = seen.get(p.file);
    if (other) throw new ConfigError(`--reporter: ${other} and ${p.name} would both write ${p.file}`);
    seen.set(p.file, p.name);
  }
  return plans;
}

function extension(name: ReporterName): string {
  return { terminal: 'txt', json: 'json', junit: 'xml', markdown: 'md', github: 'txt', html: 'html' }[name];
}
