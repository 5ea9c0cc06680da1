// Safe first-party storage: localStorage may be missing or throw (privacy modes, sandboxed frames, quota).

/** This origin's localStorage, or undefined when reading it throws (then every access below fails safely). */
export let storage: Storage | undefined;
try {
  storage = localStorage;
} catch {
  /* blocked */
}

/** Reads a key; undefined when absent or when storage is unavailable or broken (Firefox can throw on reads). */
export const load = (key: string): string | undefined => {
  try {
    return storage![key];
  } catch {
    /* unavailable */
  }
};

/**
 * Writes a key. When a write fails (quota, Safari's old private mode, a corrupted file) storage is given up
 * for the rest of the page: reading a value that could not be updated would resend confirmed events forever.
 */
export const store = (key: string, value: unknown): void => {
  try {
    storage![key] = value;
  } catch {
    storage = undefined;
  }
};

/** Removes every `lp_*` key (consent withdrawn: forget the visitor). */
export const forget = (): void => {
  for (const key in storage) if (key.startsWith('lp_')) delete storage![key];
};
