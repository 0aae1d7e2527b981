import { runCli } from '../harness/cli/main.js';

function capture() {
  let out = '';
  let err = '';
  return {
    io: {
      argv: [] as string[],
      env: {},
      cwd: process.cwd(),
      stdout: {
        write: (s: string) => {
          out += s;
        },
      },
      stderr: {
        write: (s: string) => {
          err += s;
        },
      },
    },
    out: () => out,
    err: () => err,
  };
}

test('unknown command is a usage error (exit 2)', async () => {
  const c = capture();
  c.io.argv = ['no-such-command'];
  expect(await runCli(c.io)).toBe(2);
  expect(c.err()).toMatch(/unknown command|too many arguments/);
});
