// A site's API keys (table `api_keys`): digests only, looked up by key id. The site's object is strongly
// consistent, so a revoked or rotated key stops working with the next request (KV would lag by a minute).

/** What a key may do on its site: `read` the marketer routes' GETs, or `write` as well. */
export type KeyScope = 'read' | 'write';

/** A key as lists show it (never its secret or digest). */
export interface KeyRecord {
  id: string;
  name: string | null;
  scope: KeyScope;
  /** The last four digits of the secret, so that a person can tell keys apart. */
  tail: string;
  createdAt: number;
  rotatedAt: number | null;
  lastUsedAt: number | null;
}

/** Most keys one site may hold. */
export const MAX_KEYS = 100;
/** How often a key's `lastUsedAt` is written at most: a key used by every request costs one write a minute. */
const LAST_USED_STEP_MS = 60_000;

type Row = { id: string; name: string | null; scope: KeyScope; tail: string; created_at: number; rotated_at: number | null; last_used_at: number | null };
const record = (r: Row): KeyRecord => ({ id: r.id, name: r.name, scope: r.scope, tail: r.tail, createdAt: r.created_at, rotatedAt: r.rotated_at, lastUsedAt: r.last_used_at });

/** Workers' SubtleCrypto extension; the DOM typings of this repository's tsconfig do not know it. */
type WorkersSubtle = SubtleCrypto & { timingSafeEqual(a: ArrayBufferView | ArrayBuffer, b: ArrayBufferView | ArrayBuffer): boolean };
const bytes = (hex: string) => new Uint8Array(hex.match(/../g)?.map((h) => parseInt(h, 16)) ?? []);

/** The API keys of one site. */
export class KeyStore {
  constructor(private readonly sql: SqlStorage) {}

  /** Adds a key; `'taken'` when its id exists (the caller mints another), `'full'` at MAX_KEYS. */
  add(k: { id: string; name: string | null; scope: KeyScope; digest: string; tail: string }, now: number): KeyRecord | 'taken' | 'full' {
    if (this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM api_keys').one().n >= MAX_KEYS) return 'full';
    const added = this.sql.exec('INSERT OR IGNORE INTO api_keys (id, name, scope, digest, tail, created_at) VALUES (?, ?, ?, ?, ?, ?)', k.id, k.name, k.scope, k.digest, k.tail, now);
    return added.rowsWritten ? this.get(k.id)! : 'taken';
  }

  /** Every key, oldest first. */
  list(): KeyRecord[] {
    return this.sql.exec<Row>('SELECT id, name, scope, tail, created_at, rotated_at, last_used_at FROM api_keys ORDER BY created_at, id').toArray().map(record);
  }

  /** Gives key `id` a new secret (its digest and tail); the old one stops working. Null: no such key. */
  rotate(id: string, digest: string, tail: string, now: number): KeyRecord | null {
    const changed = this.sql.exec('UPDATE api_keys SET digest = ?, tail = ?, rotated_at = ?, last_used_at = NULL WHERE id = ?', digest, tail, now, id);
    return changed.rowsWritten ? this.get(id) : null;
  }

  /** Deletes key `id`; false when there was none. */
  revoke(id: string): boolean {
    return this.sql.exec('DELETE FROM api_keys WHERE id = ?', id).rowsWritten > 0;
  }

  /** The scope of key `id` when `digest` is its digest (compared in constant time), else null. */
  verify(id: string, digest: string, now: number): KeyScope | null {
    const row = this.sql.exec<{ scope: KeyScope; digest: string; last_used_at: number | null }>('SELECT scope, digest, last_used_at FROM api_keys WHERE id = ?', id).toArray()[0];
    if (!row || row.digest.length !== digest.length || !(crypto.subtle as WorkersSubtle).timingSafeEqual(bytes(row.digest), bytes(digest))) return null;
    if (row.last_used_at === null || now - row.last_used_at >= LAST_USED_STEP_MS) this.sql.exec('UPDATE api_keys SET last_used_at = ? WHERE id = ?', now, id);
    return row.scope;
  }

  private get(id: string): KeyRecord | null {
    const row = this.sql.exec<Row>('SELECT id, name, scope, tail, created_at, rotated_at, last_used_at FROM api_keys WHERE id = ?', id).toArray()[0];
    return row ? record(row) : null;
  }
}
