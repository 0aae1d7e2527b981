#!/usr/bin/env node
// The npm registry mirror this project installs from serves platform binaries only for the
// platforms it runs on (linux x64/arm64). `npm install` then leaves the other platforms' optional
// packages out of package-lock.json, and `npm ci` refuses that lockfile as "not in sync". This
// adds those entries back with the os/cpu/libc their names encode, exactly as npm writes them for
// a full registry: npm ci skips them on this platform without fetching anything.
// Run it after any `npm install` that rewrites package-lock.json: `node scripts/complete-lockfile.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const FILE = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(FILE, 'utf8'));
const CPUS = ['arm64', 'arm', 'x64', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x', 'wasm32'];
const OSES = ['android', 'darwin', 'freebsd', 'linux', 'openharmony', 'win32', 'wasi'];

/** `@scope/pkg-darwin-arm64`, `...-linux-arm-gnueabihf`, `...-win32-x64-msvc` -> os, cpu, libc. */
function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const osAt = parts.findIndex((p) => OSES.includes(p));
  if (osAt < 0) return undefined;
  const cpu = parts[osAt + 1];
  if (!CPUS.includes(cpu)) return undefined;
  const abi = parts[osAt + 2] ?? '';
  const libc = parts[osAt] === 'linux' ? (abi.startsWith('musl') ? ['musl'] : ['glibc']) : undefined;
  return { os: [parts[osAt]], cpu: [cpu], libc };
}

let added = 0;
for (const [where, pkg] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const key = `${where ? `${where}/` : ''}node_modules/${dep}`;
    const hoisted = `node_modules/${dep}`;
    if (lock.packages[key] || lock.packages[hoisted]) continue;
    const platform = platformOf(dep);
    if (!platform) continue;
    lock.packages[hoisted] = {
      version,
      cpu: platform.cpu,
      ...(pkg.dev ? { dev: true } : {}),
      ...(platform.libc ? { libc: platform.libc } : {}),
      optional: true,
      os: platform.os,
    };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(FILE, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`complete-lockfile: added ${added} platform entr${added === 1 ? 'y' : 'ies'}\n`);
