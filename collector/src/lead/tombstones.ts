// What an erased object keeps so that its erasure stays done (issue 11): a marker — the keyed hash of its
// own name, the time of the erasure and when the tombstone expires — and the keyed hashes of the event ids
// it held. The SDK resends events it never saw confirmed, in any order and any number of times; while the
// tombstone lives, such a resend is recognised and dropped instead of starting a new life. Nothing in it
// names a person: hashes are HMAC-SHA256 with HASH_KEY, cut to 128 bits.

/** How long a tombstone lives: longer than any resend the SDK's outbox is expected to make (docs/api.md). */
export const TOMBSTONE_DAYS = 30;
const TOMBSTONE_MS = TOMBSTONE_DAYS * 86_400_000;

/** The marker of an erasure. */
export interface Erasure {
  /** When the object was erased. */
  at: number;
  /** When its tombstone goes. */
  expires: number;
}

/** Hashes ready to be written synchronously (hashing awaits; the write must not). */
export interface PreparedTombstone {
  marker: string;
  events: string[];
}

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function key(secret: string): Promise<CryptoKey> {
  let k = keys.get(secret);
  if (!k) {
    k = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keys.set(secret, k);
  }
  return k;
}

/** The table `tombstones` of an object, created by the first erasure: objects never erased hold nothing. */
export class Tombstones {
  /** The current erasure (null: none, or its tombstone expired), kept in memory so beacons read no row. */
  private erasure: Erasure | null;
  /** Grows with every erasure this instance writes: a beacon that awaited across one sees it change. */
  epoch = 0;

  constructor(
    private readonly sql: SqlStorage,
    private readonly secret: string | undefined,
  ) {
    const exists = sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tombstones'").toArray().length > 0;
    const row = exists ? sql.exec<{ at: number | null; expires: number | null }>("SELECT MAX(at) AS at, MAX(expires) AS expires FROM tombstones WHERE kind = 'object'").one() : null;
    this.erasure = row?.at != null && row.expires != null ? { at: row.at, expires: row.expires } : null;
  }

  /** The erasure whose tombstone still lives at `now`; an expired one is removed. */
  current(now: number): Erasure | null {
    if (this.erasure && this.erasure.expires <= now) this.expire(now);
    return this.erasure;
  }

  /** When the tombstone expires (for the object's alarm); null without one. */
  expiresAt(): number | null {
    return this.erasure?.expires ?? null;
  }

  /**
   * The events this object does not recognise: while a tombstone lives, those whose id it held are
   * dropped, and — with `before` set, for a visitor's own beacons — those that happened (by the client's
   * clock) before the erasure, which a resend from a browser's outbox can be even if the erased object
   * never received it.
   */
  async unrecognised<E extends { id: string; ts: number }>(events: readonly E[], now: number, before = false): Promise<E[]> {
    const erasure = this.current(now);
    if (!erasure || !events.length) return [...events];
    const hashes = await Promise.all(events.map((e) => this.hash('e', e.id)));
    const known = new Set<string>();
    // In chunks: a Durable Object's SQL takes at most 100 bound parameters.
    for (let i = 0; i < hashes.length; i += 90) {
      const chunk = hashes.slice(i, i + 90);
      for (const r of this.sql.exec<{ h: string }>(`SELECT h FROM tombstones WHERE h IN (${chunk.map(() => '?').join(',')})`, ...chunk)) known.add(r.h);
    }
    return events.filter((e, i) => !known.has(hashes[i]!) && !(before && e.ts < erasure.at));
  }

  /** Hashes the marker of `name` and the event ids it held, ahead of the erasure. */
  async prepare(name: string, eventIds: readonly string[]): Promise<PreparedTombstone> {
    const [marker, ...events] = await Promise.all([this.hash('o', name), ...[...new Set(eventIds)].map((id) => this.hash('e', id))]);
    return { marker: marker!, events };
  }

  /**
   * Writes the tombstone of an erasure at `now`, synchronously, so that no beacon runs between it and the
   * erasure; an earlier tombstone's hashes are kept and live as long as the new one.
   */
  write(t: PreparedTombstone, now: number): void {
    const expires = now + TOMBSTONE_MS;
    this.sql.exec('CREATE TABLE IF NOT EXISTS tombstones (h TEXT PRIMARY KEY, kind TEXT NOT NULL, at INTEGER NOT NULL, expires INTEGER NOT NULL)');
    this.sql.exec('UPDATE tombstones SET expires = ?', expires);
    const put = (h: string, kind: string) =>
      this.sql.exec('INSERT INTO tombstones (h, kind, at, expires) VALUES (?, ?, ?, ?) ON CONFLICT (h) DO UPDATE SET at = excluded.at, expires = excluded.expires', h, kind, now, expires);
    put(t.marker, 'object');
    for (const h of t.events) put(h, 'event');
    this.erasure = { at: now, expires };
    this.epoch++;
  }

  /** Removes the tombstone once it has expired. */
  expire(now: number): void {
    if (!this.erasure || this.erasure.expires > now) return;
    this.sql.exec('DELETE FROM tombstones WHERE expires <= ?', now);
    this.erasure = null;
  }

  /** HMAC-SHA256 of `kind` and `value` with HASH_KEY, 128 bits as base64url. */
  private async hash(kind: string, value: string): Promise<string> {
    if (!this.secret) throw new Error('HASH_KEY is not set');
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await key(this.secret), encoder.encode(`tombstone\n${kind}\n${value}`)));
    return btoa(String.fromCharCode(...mac.subarray(0, 16)))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  }
}
