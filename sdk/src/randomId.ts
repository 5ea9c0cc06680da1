// Random ids: 16 random bytes as base64url (22 characters; randomUUID carries only 122 random bits).

/** A fresh random id. */
export const randomId = (): string =>
  btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .slice(0, 22);
