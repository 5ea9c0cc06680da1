// Runs async tasks one after another, so that writes to one key land in the order they were decided
// (two KV puts in flight at once may land in either order, and the older would win).

/** A queue: `run(task)` starts `task` after every task queued before it has settled. */
export function serialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>) => {
    const result = tail.then(task, task);
    tail = result.catch(() => undefined);
    return result;
  };
}
