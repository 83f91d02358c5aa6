/**
 * The pipeline's one back-pressure primitive: runs `tasks` in order with up to `depth`
 * of them started ahead of the one being consumed, and yields their results in order.
 * Decoding and preparation (of images, of a video's frames) never run more than `depth`
 * batches ahead of inference. `tasks` may be produced asynchronously (a video's frames
 * come from ffmpeg); when the consumer leaves early, pending work settles and the
 * source is closed (stopping its ffmpeg).
 */
export async function* prefetch<T>(tasks: Iterable<() => Promise<T>> | AsyncIterable<() => Promise<T>>, depth: number): AsyncGenerator<T> {
  const source: AsyncIterator<() => Promise<T>> | Iterator<() => Promise<T>> =
    Symbol.asyncIterator in tasks ? tasks[Symbol.asyncIterator]() : tasks[Symbol.iterator]();
  type Pulled = { done: true } | { done: false; result: Promise<T> };
  const queue: Promise<Pulled>[] = [];
  const pull = () => {
    const pulled = Promise.resolve(source.next()).then((r): Pulled => {
      if (r.done) return { done: true };
      const result = r.value();
      result.catch(() => undefined); // handled when consumed; avoids an unhandled rejection meanwhile
      return { done: false, result };
    });
    pulled.catch(() => undefined);
    queue.push(pulled);
  };
  try {
    for (let i = 0; i < Math.max(1, depth); i++) pull();
    while (queue.length > 0) {
      const head = await queue.shift()!;
      if (head.done) return;
      pull();
      yield await head.result;
    }
  } finally {
    await Promise.allSettled(queue);
    await source.return?.();
  }
}
