import { packageArgs, SEED_FILE } from '../zeek-package.js';
import type { ZeekRunSettings } from '../suite/types.js';

export interface ZeekCommand {
  file: string;
  args: string[];
}

/**
 * The zeek command line for one run. Options first, then our measuring package (loaded before the
 * suite's scripts so their globals are measured too), then the suite's scripts, then redefs — the
 * order zeek's own usage gives. `-C` because test traces often carry offloaded checksums.
 */
export function zeekCommand(zeekPath: string, settings: ZeekRunSettings, tracePath: string): ZeekCommand {
  const pkg = packageArgs({ runInterval: settings.interval, firstDelay: settings.firstDelay, minVarSizeToLog: 0 });
  const [pkgScripts, ...pkgRedefs] = pkg;
  return {
    file: zeekPath,
    args: [
      '-C',
      '-r', tracePath,
      '-G', SEED_FILE,
      ...settings.args,
      ...(pkgScripts ? [pkgScripts] : []),
      ...settings.scripts,
      ...pkgRedefs,
      ...settings.redefs.map(([k, v]) => `${k}=${v}`),
    ],
  };
}

/** A command line a user can paste into a shell to reproduce a run. */
export function shellQuote(parts: string[]): string {
  return parts.map((p) => (/^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`)).join(' ');
}
