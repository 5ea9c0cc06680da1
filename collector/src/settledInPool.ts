// Calls to many objects with a bound on how many are in flight at once, so that one caller's batch (a
// rescoring walk of 50 leads per index shard, eight shards at a time) cannot queue ahead of everything
// else the runtime is asked meanwhile — in local mode one workerd thread serves every object.

/** `fn` over `items`, at most `limit` at a time; results in the order of `items`, as Promise.allSettled gives them. */
export async function settledInPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: 'fulfilled', value: await fn(items[i]!) };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
