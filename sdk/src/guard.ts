// Never throw into the host page: every entry point (listener, timer, command) runs through `guard`.

/** Wraps `fn` so that any error it throws is swallowed. */
export const guard =
  <A extends unknown[]>(fn: (...args: A) => unknown) =>
  (...args: A): void => {
    try {
      fn(...args);
    } catch {
      /* ignore: a tracker must never break the page */
    }
  };
