// Safe first-party storage: localStorage may be missing or throw (privacy modes, sandboxed frames, quota).

/** This origin's localStorage, or undefined when reading it throws (then every access below fails safely). */
export let storage: Storage | undefined;
try {
  storage = localStorage;
} catch {
  /* blocked */
}

/**
 * Reads a key (without `value`) or writes one. When an access fails (blocked, quota, Safari's old private mode, a
 * corrupted file; Firefox can throw on reads) it returns undefined and storage is given up for the rest of the page:
 * reading a value that could not be updated would resend confirmed events forever.
 */
export const kv = (key: string, value?: unknown): string | undefined => {
  try {
    return value == null ? storage![key] : (storage![key] = value as string);
  } catch {
    storage = undefined;
  }
};
