import { writeChunks, type Writable } from '../../harness/text/io.js';

test('a full stream holds the next chunk back until it has drained', async () => {
  const events: string[] = [];
  let release: () => void = () => {};
  const stream: Writable = {
    write: (chunk) => {
      events.push(`write ${chunk}`);
      return chunk !== 'b';
    },
    drained: () =>
      new Promise<void>((resolve) => {
        events.push('wait');
        release = () => {
          events.push('drained');
          resolve();
        };
      }),
  };
  const done = writeChunks(stream, ['a', 'b', 'c']);
  await new Promise((r) => setImmediate(r));
  expect(events).toEqual(['write a', 'write b', 'wait']);
  release();
  await done;
  expect(events).toEqual(['write a', 'write b', 'wait', 'drained', 'write c']);
});

test('a stream that cannot say when it drained is written straight through', async () => {
  const written: string[] = [];
  await writeChunks({ write: (c) => (written.push(c), false) }, ['a', 'b']);
  expect(written).toEqual(['a', 'b']);
});
