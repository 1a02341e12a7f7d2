/**
 * Walks two streams sorted by id (ascending, as Postgres orders uuids: their lowercase text)
 * side by side, one row of each in hand: a row in one only, or in both.
 */
export async function mergeById<A extends { id: string }, B extends { id: string }>(
  left: AsyncIterable<A>,
  right: AsyncIterable<B>,
  on: { both(a: A, b: B): void; leftOnly(a: A): void; rightOnly(b: B): void },
): Promise<void> {
  const l = left[Symbol.asyncIterator]();
  const r = right[Symbol.asyncIterator]();
  try {
    let a = await l.next();
    let b = await r.next();
    while (!a.done || !b.done) {
      if (b.done || (!a.done && a.value.id < b.value.id)) {
        on.leftOnly(a.value as A);
        a = await l.next();
      } else if (a.done || b.value.id < a.value.id) {
        on.rightOnly(b.value);
        b = await r.next();
      } else {
        on.both(a.value, b.value);
        [a, b] = await Promise.all([l.next(), r.next()]);
      }
    }
  } finally {
    // Stopped early (an error): let both sources close (the HTTP body, the database cursor).
    await Promise.allSettled([l.return?.(), r.return?.()]);
  }
}
