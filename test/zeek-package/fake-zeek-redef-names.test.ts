// A command-line redef of an identifier that nothing defines fails on a real
// Zeek with "error: unknown identifier 'X' in command-line options", exit 1,
// no logs; the fake checks the names against the scripts it was given.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE, TESTING, ZEEK_SCRIPTS } from './helpers/paths.js';
import { runFakeZeek, tempDir } from './helpers/run-fake-zeek.js';

const SCRIPTS = join(PACKAGE, 'scripts');
const SHORT = join(TESTING, 'traces', 'short.pcap');

async function run(args: string[]) {
  const dir = tempDir();
  try {
    const r = await runFakeZeek(['-C', '-r', SHORT, ...args], dir.path);
    return { ...r, files: readdirSync(dir.path) };
  } finally {
    dir.remove();
  }
}

describe('command-line redefs of unknown identifiers', () => {
  test("the shipped example's mistake: Leaky::expire redef'd while only leaky-expiring.zeek (LeakyExpiring::*) is loaded", async () => {
    const r = await run([SCRIPTS, join(ZEEK_SCRIPTS, 'leaky-expiring.zeek'), 'Leaky::expire=T']);
    expect(r.stderr).toBe("error: unknown identifier 'Leaky::expire' in command-line options\n");
    expect(r.exitCode).toBe(1);
    expect(r.files).toEqual([]);
    const right = await run([SCRIPTS, join(ZEEK_SCRIPTS, 'leaky.zeek'), 'Leaky::expire=T']);
    expect([right.exitCode, right.stderr]).toEqual([0, '']);
  });

  test('each unknown name is its own error line; a bad value of a known one is reported after them', async () => {
    const r = await run([SCRIPTS, 'Nope::a=1', 'my_stats::run_interval=banana', 'nope=2']);
    expect(r.stderr).toBe(
      "error: unknown identifier 'Nope::a' in command-line options\n" +
        "error: unknown identifier 'nope' in command-line options\n" +
        'error in <params>, line 1: unknown identifier banana, at or near "banana"\n',
    );
    expect(r.exitCode).toBe(1);
  });

  test("the package's options exist only when the package is loaded", async () => {
    const r = await run(['my_stats::run_interval=10sec']);
    expect(r.stderr).toBe("error: unknown identifier 'my_stats::run_interval' in command-line options\n");
    expect((await run([SCRIPTS, 'my_stats::run_interval=10sec', 'my_stats::conn_footprints=F'])).exitCode).toBe(0);
  });

  test("Zeek's own options and globals are known; a module only a script declares is checked against that script", async () => {
    const ok = await run([SCRIPTS, 'LogAscii::use_json=T', 'Site::local_nets={10.0.0.0/8}', 'table_expire_interval=1sec', 'HTTP::default_capture_password=T']);
    expect([ok.exitCode, ok.stderr]).toEqual([0, '']);
    const dir = tempDir();
    try {
      const script = join(dir.path, 'pkg.zeek');
      writeFileSync(script, 'module MyPkg;\n\nexport {\n\tconst max_items = 10 &redef;\n\toption verbose = F;\n}\nglobal internal_table: table[string] of count;\n');
      const known = await runFakeZeek(['-C', '-r', SHORT, SCRIPTS, script, 'MyPkg::max_items=5', 'MyPkg::verbose=T', 'MyPkg::internal_table={}'], dir.path);
      expect([known.exitCode, known.stderr]).toEqual([0, '']);
      const typo = await runFakeZeek(['-C', '-r', SHORT, SCRIPTS, script, 'MyPkg::max_item=5'], dir.path);
      expect(typo.stderr).toBe("error: unknown identifier 'MyPkg::max_item' in command-line options\n");
    } finally {
      dir.remove();
    }
  });
});
