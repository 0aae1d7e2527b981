/**
 * Work started before its result is needed (while something else runs): the returned function
 * gives its value, or throws its error, when asked. The rejection is held until then, so an error
 * nobody asks for (the work was not needed after all) is no unhandled rejection.
 */
export function startAhead<T>(work: Promise<T>): () => Promise<T> {
  const settled = work.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  return async () => {
    const s = await settled;
    if (s.ok) return s.value;
    throw s.error;
  };
}
