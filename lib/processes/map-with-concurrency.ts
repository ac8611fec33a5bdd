/**
 * `Promise.all(items.map(work))` with at most `concurrency` calls of `work` running at once: a
 * small worker pool. Results keep the order of `items`. Each worker takes the next item when its
 * last one settles; the first rejection rejects the whole, and workers start no new item after it.
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  { concurrency, work }: { concurrency: number; work: (item: T, index: number) => Promise<R> },
): Promise<R[]> {
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new RangeError(`concurrency must be a whole number ≥ 1, got ${concurrency}`);
  const results = new Array<R>(items.length);
  let next = 0;
  let hasFailed = false;
  const worker = async () => {
    // Single-threaded: taking `next` and incrementing it cannot interleave with another worker.
    while (!hasFailed && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index]!, index);
      } catch (error) {
        hasFailed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
