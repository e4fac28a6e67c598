import type { CompiledQuery, Compilable } from 'kysely';
import type { Db, Tx } from './engine.ts';

const PLACEHOLDER = '\u0000understudy-arg-';

type Build<A extends unknown[], R> = (db: Db | Tx, ...args: A) => Compilable<R>;

/**
 * Compiles `build` once per engine (keyed by the Kysely adapter) and returns the compiled
 * query with the call's arguments bound in place of the placeholders `build` was given.
 */
function binder<A extends unknown[], R>(build: Build<A, R>) {
  const byAdapter = new WeakMap<object, { compiled: CompiledQuery<R>; slots: number[] }>();
  return (db: Db | Tx, args: A): CompiledQuery<R> => {
    const adapter = db.getExecutor().adapter;
    let entry = byAdapter.get(adapter);
    if (!entry) {
      const placeholders = args.map((_, i) => `${PLACEHOLDER}${i}`) as unknown as A;
      const compiled = build(db, ...placeholders).compile();
      const slots = compiled.parameters.map((p) => (typeof p === 'string' && p.startsWith(PLACEHOLDER) ? Number(p.slice(PLACEHOLDER.length)) : -1));
      if (new Set(slots.filter((s) => s >= 0)).size !== args.length) {
        throw new Error(`prepared query does not bind each of its ${args.length} arguments: ${compiled.sql}`);
      }
      entry = { compiled, slots };
      byAdapter.set(adapter, entry);
    }
    const { compiled, slots } = entry;
    return { ...compiled, parameters: slots.map((s, i) => (s >= 0 ? args[s] : compiled.parameters[i])) };
  };
}

/**
 * A query of a hot path, built and compiled by Kysely once per engine, then run with new
 * arguments: building a query costs more CPU than SQLite takes to run it (measured: a quarter
 * of a voucher transaction). `build` receives placeholders instead of the arguments and must
 * use each one as a plain bound value (not in an `in` list); its other values are constants.
 */
export function prepared<A extends unknown[], R>(build: Build<A, R>) {
  const bind = binder(build);
  return async (db: Db | Tx, ...args: A): Promise<R[]> => (await db.executeQuery(bind(db, args))).rows;
}

/** The same for UPDATE/DELETE/INSERT without RETURNING: how many rows it changed. */
export function preparedWrite<A extends unknown[]>(build: Build<A, unknown>) {
  const bind = binder(build);
  return async (db: Db | Tx, ...args: A): Promise<number> => Number((await db.executeQuery(bind(db, args))).numAffectedRows ?? 0n);
}
