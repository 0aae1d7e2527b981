// One of many processes contending for a baseline lock (test/baseline/baseline-lock.test.ts). It
// waits for the start signal, takes the lock (retrying while another holds it), checks that it is
// alone inside, and then dies holding it, as a zeek-budget killed mid-update would: every later
// taker has to take a stale lock over, in a crowd. Usage: node lock-contender.mjs LOCK_MODULE BASELINE
import { existsSync, openSync, closeSync, rmSync, appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const [lockModule, baseline] = process.argv.slice(2);
const { withBaselineLock } = await import(lockModule);
const inside = `${baseline}.inside`;
while (!existsSync(`${baseline}.go`)) await sleep(1);

for (;;) {
  try {
    await withBaselineLock(baseline, async () => {
      let fd;
      try {
        fd = openSync(inside, 'wx');
      } catch {
        appendFileSync(`${baseline}.violations`, `${process.pid} found another writer inside\n`);
        process.exit(0);
      }
      closeSync(fd);
      appendFileSync(`${baseline}.entries`, `${process.pid}\n`);
      await sleep(5);
      rmSync(inside);
      process.exit(0); // holding the lock: it is stale from now on
    });
  } catch (e) {
    if (!/another zeek-budget|keeps being taken over/.test(e.message)) {
      appendFileSync(`${baseline}.violations`, `${process.pid} ${e.message}\n`);
      process.exit(1);
    }
    await sleep(Math.random() * 5);
  }
}
