/**
 * Turns an async source of batches into an async iterable of items without an async generator per
 * item: `yield` inside an async generator costs several promise hops, which for millions of log
 * rows is most of the reading time. Returning the source's iterator on early exit closes the file.
 */
export function flattenBatches<T>(batches: () => AsyncIterator<T[]>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const source = batches();
      let batch: T[] = [];
      let index = 0;
      const refill = async (): Promise<IteratorResult<T>> => {
        for (;;) {
          const r = await source.next();
          if (r.done) return { done: true, value: undefined };
          if (r.value.length > 0) {
            batch = r.value;
            index = 1;
            return { done: false, value: r.value[0] as T };
          }
        }
      };
      return {
        next(): Promise<IteratorResult<T>> {
          if (index < batch.length) return Promise.resolve({ done: false, value: batch[index++] as T });
          return refill();
        },
        async return(): Promise<IteratorResult<T>> {
          await source.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
}
