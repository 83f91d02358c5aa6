/**
 * Iterates `source` with its next item already being produced while the consumer
 * works on the current one: one item ahead, never more (the back-pressure of the
 * video pipeline — decoding and preparing the next batch of frames hides behind
 * inference on this one).
 */
export async function* oneAhead<T>(source: AsyncIterator<T>): AsyncGenerator<T> {
  let next = source.next();
  try {
    for (;;) {
      const item = await next;
      if (item.done) return;
      next = source.next();
      next.catch(() => undefined); // observed on the next turn; avoids an unhandled rejection meanwhile
      yield item.value;
    }
  } finally {
    // Stop the source (e.g. its ffmpeg) when the consumer leaves early; a pending read settles first.
    await next.catch(() => undefined);
    await source.return?.();
  }
}
