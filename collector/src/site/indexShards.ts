// Which object of a site's lead index holds a lead: the index is cut into INDEX_SHARDS objects by a hash
// of the lead object's name, so that no one object receives every beacon's index write (issue 14: a
// Durable Object serves about 1,000 requests a second; see docs/performance.md for the arithmetic).

/** How many objects hold one site's lead index and web vitals. */
export const INDEX_SHARDS = 8;

/** FNV-1a, 32 bits: a cheap, stable spread of object names over the shards (not a secret). */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The name of the index object of `site` that holds the lead object `leadName`. */
export function indexShardName(site: string, leadName: string): string {
  return `${site}/index/${fnv1a(leadName) % INDEX_SHARDS}`;
}

/** The names of every index object of `site`. */
export function indexShardNames(site: string): string[] {
  return Array.from({ length: INDEX_SHARDS }, (_, k) => `${site}/index/${k}`);
}
