/**
 * Runs `tasks` in order with up to `depth` of them started ahead of the one being
 * consumed, and yields their results in order. This is the pipeline's back-pressure:
 * decoding and preparation never run more than `depth` batches ahead of inference.
 */
export async function* prefetch<T>(tasks: Iterable<() => Promise<T>>, depth: number): AsyncGenerator<T> {
  const iterator = tasks[Symbol.iterator]();
  const queue: Promise<T>[] = [];
  const startNext = () => {
    const next = iterator.next();
    if (next.done) return;
    const p = next.value();
    p.catch(() => undefined); // handled when consumed; avoids an unhandled rejection meanwhile
    queue.push(p);
  };
  for (let i = 0; i < Math.max(1, depth); i++) startNext();
  while (queue.length > 0) {
    const head = queue.shift()!;
    startNext();
    yield await head;
  }
}
