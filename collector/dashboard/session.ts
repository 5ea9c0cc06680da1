// The tab's session storage (the API token, the site): gone when the tab closes, and never in localStorage.

/** Reads and writes session storage; both do nothing (read null) where storage is unavailable. */
export const session = {
  get(key: string): string | null {
    try {
      return sessionStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key: string, value: string | null): void {
    try {
      if (value === null) sessionStorage.removeItem(key);
      else sessionStorage.setItem(key, value);
    } catch {
      /* storage unavailable */
    }
  },
};
