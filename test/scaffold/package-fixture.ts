import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from '../helpers/run-cli.js';

export interface PackageFixture {
  traces?: boolean;
  depends?: string;
  /** fake-zeek directive for MyPkg::seen (default: 3 per connection, expiring after 30 s: bounded). */
  directive?: string;
}

/**
 * A Zeek package as zkg create makes it (zkg.meta, scripts/ with __load__.zeek, testing/), its
 * module declaring a table the fake zeek fills per connection (fake-zeek directive).
 */
export function writePackage(dir: string, opts: PackageFixture = {}): string {
  mkdirSync(path.join(dir, 'scripts'), { recursive: true });
  writeFileSync(
    path.join(dir, 'zkg.meta'),
    [
      '[package]',
      'description = A package for tests. It keeps a set of',
      '\tconnection uids.',
      '# a comment',
      'script_dir = scripts',
      `depends = ${opts.depends ?? 'zeek >=6.0.0'}`,
      'test_command = cd testing && btest -c btest.cfg',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'scripts', '__load__.zeek'), '@load ./main\n@load ./helper\n');
  writeFileSync(
    path.join(dir, 'scripts', 'main.zeek'),
    [
      '# module Commented;',
      'module MyPkg;',
      '',
      'export {',
      '\tglobal seen: set[string] &create_expire=30sec;',
      '}',
      `# fake-zeek: ${opts.directive ?? 'MyPkg::seen +3 per connection expire 30'}`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(dir, 'scripts', 'helper.zeek'),
    [
      'module MyPkg::Helper;',
      '',
      'module GLOBAL;',
      '',
      'module Other;',
      '',
      'export {',
      '\tconst ports = { 1234/tcp } &redef;',
      '}',
      '# fake-zeek: Other::ports = 2',
      '',
    ].join('\n'),
  );
  if (opts.traces !== false) {
    mkdirSync(path.join(dir, 'testing', 'Traces'), { recursive: true });
    mkdirSync(path.join(dir, 'testing', 'btest', 'more'), { recursive: true });
    copyFileSync(path.join(REPO, 'pcaps', 'dns-300.pcap'), path.join(dir, 'testing', 'Traces', 'dns-300.pcap'));
    copyFileSync(path.join(REPO, 'pcaps', 'http-100.pcap'), path.join(dir, 'testing', 'btest', 'more', 'http-100.pcap'));
    // Named like a trace, but not one: zeek could not read it.
    writeFileSync(path.join(dir, 'testing', 'Traces', 'notes.pcap'), 'not a capture\n');
  }
  return dir;
}
