import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { EnvironmentError } from '../../errors.js';
import { readNodeCfg, type ClusterNode } from '../node-cfg.js';
import { USUAL_PREFIXES } from '../../runner/find-zeek.js';
import { findProgram } from './find-program.js';

/** Where a zeekctl installation keeps what zeek-budget touches, from etc/zeekctl.cfg and its defaults. */
export interface ZeekctlInstallation {
  zeekctl: string;
  prefix: string;
  /** Archives: logs/YYYY-MM-DD/; logs/current links to the logger's spool. */
  logDir: string;
  /** Live logs: spool/<logger or manager>/. */
  spoolDir: string;
  /** Where post-terminate archives in the background after a stop. */
  tmpDir: string;
  /** The site policy directory holding local.zeek (the first of SitePolicyPath). */
  siteDir: string;
  /** The site scripts every node loads, relative to siteDir (SitePolicyScripts; default local.zeek). */
  siteScripts: string[];
  nodeCfg: string;
  nodes: ClusterNode[];
  /** How it was found: the suite, ZEEKCTL, PATH or a usual prefix. */
  foundBy: string;
}

export const ZEEKCTL_ADVICE = [
  'zeekctl comes with Zeek (packages from https://zeek.org/get-zeek install it to /opt/zeek/bin; a source build to /usr/local/zeek/bin).',
  'Point zeek-budget at it with source.zeekctl.zeekctl or .prefix in the suite, or ZEEKCTL=/path/to/zeekctl.',
].join('\n');

/** The zeekctl to run: the suite's path, its prefix's bin/zeekctl, ZEEKCTL, PATH, the usual prefixes. */
export async function findZeekctl(
  settings: { zeekctl?: string; prefix?: string },
  env: Record<string, string | undefined>,
): Promise<{ path: string; foundBy: string }> {
  const given = settings.zeekctl
    ? { path: settings.zeekctl, by: 'the suite' }
    : settings.prefix
      ? { path: path.join(settings.prefix, 'bin', 'zeekctl'), by: "the suite's prefix" }
      : env.ZEEKCTL
        ? { path: env.ZEEKCTL, by: 'ZEEKCTL' }
        : undefined;
  const found = await findProgram('zeekctl', { given, env, extraDirs: USUAL_PREFIXES });
  if (found) return found;
  throw new EnvironmentError(
    given
      ? `zeekctl not found at ${given.path}: no executable file there.\n${ZEEKCTL_ADVICE}`
      : `zeekctl not found (looked on PATH and in ${USUAL_PREFIXES.join(', ')}).\n${ZEEKCTL_ADVICE}`,
  );
}

/** Reads the installation's layout: zeekctl.cfg's LogDir, SpoolDir, TmpDir, SitePolicyPath, SitePolicyScripts, and node.cfg. */
export async function readInstallation(settings: { zeekctl?: string; prefix?: string }, env: Record<string, string | undefined>): Promise<ZeekctlInstallation> {
  const found = await findZeekctl(settings, env);
  const prefix = settings.prefix ?? path.dirname(path.dirname(await realpath(found.path)));
  const cfgFile = path.join(prefix, 'etc', 'zeekctl.cfg');
  const cfg = await readCfg(cfgFile);
  const opt = (key: string, fallback: string) => expand(cfg.get(key.toLowerCase()) ?? fallback, cfg, prefix);
  const spoolDir = opt('SpoolDir', path.join(prefix, 'spool'));
  const sitePath = opt('SitePolicyPath', path.join(prefix, 'share', 'zeek', 'site'))
    .split(':')
    .filter(Boolean);
  const cfgDir = opt('CfgDir', path.join(prefix, 'etc'));
  const nodeCfg = path.join(cfgDir, 'node.cfg');
  return {
    zeekctl: found.path,
    prefix,
    logDir: opt('LogDir', path.join(prefix, 'logs')),
    spoolDir,
    tmpDir: opt('TmpDir', path.join(spoolDir, 'tmp')),
    siteDir: sitePath[0] ?? path.join(prefix, 'share', 'zeek', 'site'),
    siteScripts: opt('SitePolicyScripts', 'local.zeek').split(/\s+/).filter(Boolean),
    nodeCfg,
    nodes: await readNodeCfg(nodeCfg),
    foundBy: found.foundBy,
  };
}

/** zeekctl.cfg: `Key = Value` lines, keys case-insensitive; a missing file means all defaults. */
async function readCfg(file: string): Promise<Map<string, string>> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return '';
    throw new EnvironmentError(`cannot read zeekctl's configuration: ${e.message}`, { file });
  });
  const cfg = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    const kv = /^([A-Za-z_][\w.]*)\s*=\s*(.*)$/.exec(line);
    if (kv) cfg.set((kv[1] ?? '').toLowerCase(), (kv[2] ?? '').trim());
  }
  return cfg;
}

/** zeekctl substitutes ${Option} references in option values. */
function expand(value: string, cfg: Map<string, string>, prefix: string, depth = 0): string {
  return value.replace(/\$\{(\w+)\}/g, (_, name: string) => {
    const key = name.toLowerCase();
    if (key === 'zeekbase' || key === 'prefix') return prefix;
    const v = cfg.get(key);
    return v === undefined || depth > 5 ? '' : expand(v, cfg, prefix, depth + 1);
  });
}
