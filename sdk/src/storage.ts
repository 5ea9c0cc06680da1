// Safe first-party storage: localStorage may be missing or throw (privacy modes, sandboxed frames).

/** Reads a key; null when absent or when storage is unavailable. */
export const load = (key: string): string | null => {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
};

/** Writes a key (removes it for null); ignores storage that is unavailable or full. */
export const store = (key: string, value: string | null): void => {
  try {
    value === null ? localStorage.removeItem(key) : localStorage.setItem(key, value);
  } catch {
    /* ignore */
  }
};
