// A Durable Object's storage that counts what is billed as rows written: the rows each SQL statement
// writes (cursor.rowsWritten), by class and table, and alarm and key-value writes.
import { count, metering } from './meter';

/** The table a statement writes, for the label: `INSERT INTO events …` → `events`. */
function tableOf(query: string): string {
  const m = /^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM|CREATE\s+(?:TABLE|INDEX)(?:\s+IF\s+NOT\s+EXISTS)?|DROP\s+TABLE(?:\s+IF\s+EXISTS)?|ALTER\s+TABLE)\s+"?(\w+)/i.exec(query);
  return m ? m[1]! : 'other';
}

/** `sql` whose `exec` counts rows written under `<owner>:<table>`. */
function meteredSql(sql: SqlStorage, owner: string): SqlStorage {
  return new Proxy(sql, {
    get(target, prop) {
      if (prop !== 'exec') return Reflect.get(target, prop, target);
      return (query: string, ...bindings: unknown[]) => {
        const cursor = target.exec(query, ...bindings);
        // Writes run when exec is called; a multi-statement exec reports them all.
        count('rowsWritten', `${owner}:${tableOf(query)}`, cursor.rowsWritten);
        return cursor;
      };
    },
  });
}

/** `storage` with counted writes when `METER=1`, else `storage` itself. */
export function meteredStorage(storage: DurableObjectStorage, owner: string, env: { METER?: string }): DurableObjectStorage {
  if (!metering(env)) return storage;
  const sql = meteredSql(storage.sql, owner);
  return new Proxy(storage, {
    get(target, prop) {
      if (prop === 'sql') return sql;
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (prop === 'setAlarm' || prop === 'deleteAlarm') count('rowsWritten', `${owner}:alarm`);
        else if (prop === 'put' || prop === 'delete') count('rowsWritten', `${owner}:kv`, Array.isArray(args[0]) ? args[0].length : typeof args[0] === 'object' && args[0] ? Object.keys(args[0]).length : 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
