// Query strings of the API calls.

/** `params` as `a=1&b=2`, encoded, leaving out empty, null and undefined values. */
export function queryString(params: Record<string, string | number | null | undefined>): string {
  return Object.entries(params)
    .filter(([, v]) => v !== '' && v !== null && v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v!)}`)
    .join('&');
}
