// Never throw into the host page: every entry point (listener, timer, command) runs through `guard`.

/** Wraps `fn` so that any error it throws is swallowed (it returns undefined instead). */
export const guard =
  <A extends unknown[], R>(fn: (...args: A) => R) =>
  (...args: A): R | undefined => {
    try {
      return fn(...args);
    } catch {
      /* ignore: a tracker must never break the page */
    }
  };
