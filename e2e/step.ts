// Bounds one step of an end-to-end test, so that a wait that never ends fails with what it was waiting
// for (the server, a reply, a browser event), well before vitest's own "Test timed out".
import { PAGE_WAIT_MS } from './waits';

/**
 * Resolves or rejects as `work` does, or rejects after `ms` with "`label`: still waiting after N s".
 * `work` may be a promise or a function returning one (called at once).
 */
export async function step<T>(label: string, work: Promise<T> | (() => Promise<T>), ms: number = PAGE_WAIT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: still waiting after ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([typeof work === 'function' ? work() : work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `check` every `everyMs` until it holds; rejects after `ms` with "`label`: still waiting after N s". */
export async function until(label: string, check: () => boolean | Promise<boolean>, ms: number = PAGE_WAIT_MS, everyMs = 100): Promise<void> {
  let timedOut = false;
  const poll = async () => {
    while (!timedOut && !(await check())) await new Promise((r) => setTimeout(r, everyMs));
  };
  try {
    await step(label, poll, ms);
  } finally {
    timedOut = true;
  }
}
