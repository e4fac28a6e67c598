import { SqliteAdapter } from 'kysely';
import type { Db, Tx } from './db/engine.ts';

/**
 * Answers a dialect renders once and keeps in the process until a write changes them: only on
 * SQLite, where one process owns the database (on PostgreSQL another node may write). Core
 * forgets a sandbox's answers when its rows are replaced (reset, restore, delete); a dialect
 * invalidates them when it writes. A generation per sandbox guards against a read that started
 * before a write storing its answer after it.
 */
type Forget = (adapter: object, sandboxId: string) => void;
const forgetters = new Set<Forget>();

/** Registers what to drop when a sandbox's rows are replaced (each in-process cache of answers). */
export function onForgetSandbox(forget: Forget): void {
  forgetters.add(forget);
}

/** Forgets every kept answer of a sandbox: its rows were replaced by a reset, a restore or a delete. */
export function forgetSandbox(db: Db | Tx, sandboxId: string): void {
  const adapter = db.getExecutor().adapter;
  for (const forget of forgetters) forget(adapter, sandboxId);
}

interface Entry<V> {
  generation: number;
  values: Map<string, V>;
}

export class AnswerCache<V> {
  private readonly byAdapter = new WeakMap<object, Map<string, Entry<V>>>();

  constructor(private readonly maxPerSandbox = 1000) {
    onForgetSandbox((adapter, sandboxId) => {
      const entry = this.byAdapter.get(adapter)?.get(sandboxId);
      if (entry) this.drop(entry);
    });
  }

  private entry(db: Db | Tx, sandboxId: string): Entry<V> | undefined {
    const adapter = db.getExecutor().adapter;
    if (!(adapter instanceof SqliteAdapter)) return undefined;
    let bySandbox = this.byAdapter.get(adapter);
    if (!bySandbox) this.byAdapter.set(adapter, (bySandbox = new Map()));
    let entry = bySandbox.get(sandboxId);
    if (!entry) bySandbox.set(sandboxId, (entry = { generation: 0, values: new Map() }));
    return entry;
  }

  private drop(entry: Entry<V>): void {
    entry.generation++;
    entry.values.clear();
  }

  get(db: Db | Tx, sandboxId: string, key: string): V | undefined {
    return this.entry(db, sandboxId)?.values.get(key);
  }

  /** Read before building an answer, and handed to `set`; undefined where nothing is kept (PostgreSQL). */
  generation(db: Db | Tx, sandboxId: string): number | undefined {
    return this.entry(db, sandboxId)?.generation;
  }

  /** Keeps an answer, unless a write came since `generation` was read. */
  set(db: Db | Tx, sandboxId: string, key: string, value: V, generation: number | undefined): void {
    const entry = this.entry(db, sandboxId);
    if (!entry || generation === undefined || entry.generation !== generation) return;
    if (entry.values.size >= this.maxPerSandbox) entry.values.clear();
    entry.values.set(key, value);
  }

  /** A write of the sandbox: every kept answer of it goes. */
  invalidate(db: Db | Tx, sandboxId: string): void {
    const entry = this.entry(db, sandboxId);
    if (entry) this.drop(entry);
  }
}
