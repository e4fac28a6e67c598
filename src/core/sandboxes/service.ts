import { createHmac, randomBytes } from 'node:crypto';
import type { Database, Tx } from '../db/engine.ts';
import { changeClock, describeClock, sandboxNow, type ClockChange } from '../clock.ts';
import type { DialectDefinition, FixtureKind, TableScope } from '../dialect.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { ScopeFactory, UnitOfWork } from '../scope.ts';
import { forgetSandbox } from '../answer-cache.ts';
import type { CredentialSet, Credentials } from './credentials.ts';
import { activityOf, clockOf, contextOf, credentialsOf, getSandbox, insertCredentials, insertRows, listSandboxRows, NO_ACTIVITY, type CredentialRow, type SandboxActivity, type SandboxContext, type SandboxRow } from './store.ts';

export { ConflictError, NotFoundError };

/** A chosen sandbox id: it appears in URLs and logs, so letters, digits, `-` and `_`, at most 100. */
export const SANDBOX_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

export interface SandboxView {
  id: string;
  name: string;
  fixtures: FixtureKind;
  createdAt: string;
  /** Set when the sandbox generates its ids and tokens from a seed. */
  seed?: string;
  /** Its vendor requests journaled since it was created (the journal's trim does not lower it). */
  requestCount: number;
  /** When the newest of them was made (ISO-8601), null before the first. */
  lastRequestAt: string | null;
  credentials: Credentials;
}

export interface NewSandbox {
  name?: string;
  fixtures?: FixtureKind;
  id?: string;
  seed?: string;
  credentials?: Credentials;
}

/** The JWT signing key of a new sandbox: from its seed when it has one, so its tokens repeat too. */
function signingKeyFor(seed: string | null): string {
  return seed === null ? randomBytes(32).toString('hex') : createHmac('sha256', seed).update('understudy signing key').digest('hex');
}

export class SandboxService {
  private readonly dataTables: string[];
  private readonly ownedTables: string[];
  /** Told the id of each sandbox deleted, once its deletion has committed. */
  private readonly deletedListeners = new Set<(id: string) => void>();

  constructor(
    private readonly database: Database,
    private readonly dialects: DialectDefinition<any>[],
    private readonly credentials: CredentialSet,
    tables: Record<string, TableScope>,
    private readonly scopes: ScopeFactory,
  ) {
    this.dataTables = Object.keys(tables).filter((t) => tables[t] === 'data');
    this.ownedTables = Object.keys(tables).filter((t) => tables[t] === 'owned');
  }

  private get db() {
    return this.database.db;
  }

  /**
   * The sandbox row, locked for the rest of the transaction on PostgreSQL, so that control
   * writes to one sandbox (reset, snapshot, restore, clock) run one after another: each deletes
   * and re-inserts rows, and two at once would collide on their keys. SQLite runs one
   * transaction at a time already.
   */
  private async lockSandbox(tx: Tx, id: string): Promise<SandboxRow | undefined> {
    let query = tx.selectFrom('sandboxes').selectAll().where('id', '=', id);
    if (this.database.engine === 'postgres') query = query.forUpdate();
    return (await query.executeTakeFirst()) as SandboxRow | undefined;
  }

  /** A transaction whose after-commit work (waking the scheduler and the outbox) runs once it commits. */
  private async unitOfWork<T>(run: (tx: Tx, uow: UnitOfWork) => Promise<T>): Promise<T> {
    const callbacks: Array<() => void> = [];
    const result = await this.db.transaction().execute((tx) => run(tx, { afterCommit: (fn) => void callbacks.push(fn) }));
    for (const fn of callbacks) fn();
    return result;
  }

  /**
   * A new sandbox. A chosen `id` must match SANDBOX_ID_PATTERN (else a RangeError, 400) and be
   * free (else a ConflictError, 409, also when another node took it at the same moment).
   */
  async create(input: NewSandbox): Promise<SandboxView> {
    if (input.id !== undefined && !SANDBOX_ID_PATTERN.test(input.id)) {
      throw new RangeError(`a sandbox id is 1 to 100 letters, digits, '-' and '_', starting with a letter or digit; got '${input.id.slice(0, 120)}'`);
    }
    const id = input.id ?? `sbx_${randomBytes(6).toString('hex')}`;
    const fixtures = input.fixtures ?? 'demo';
    const seed = input.seed ?? null;
    const credentials = input.credentials ?? this.credentials.random();
    const createdAt = Date.now();
    const row: SandboxRow = { id, name: input.name ?? id, fixtures, created_at: createdAt, clock_offset_ms: 0, clock_frozen_ms: null, fault_rule_count: 0, seed, signing_key: signingKeyFor(seed) };
    const taken = () => new ConflictError(`sandbox '${id}' exists`);
    try {
      await this.unitOfWork(async (tx, uow) => {
        if (input.id !== undefined && (await getSandbox(tx, id))) throw taken();
        await tx.insertInto('sandboxes').values(row).execute();
        await insertCredentials(tx, id, this.credentials.rows(credentials));
        await this.seed(tx, uow, contextOf(row), fixtures, credentials);
      });
    } catch (err) {
      // Two creations of one id at once: the second insert fails on the key.
      if (input.id !== undefined && !(err instanceof ConflictError) && (await this.exists(id))) throw taken();
      throw err;
    }
    return this.view(row, this.credentials.rows(credentials), NO_ACTIVITY);
  }

  /** CONTRACT.md: on first start with an empty database, the `demo` sandbox with fixed credentials. */
  async ensureDemo(): Promise<void> {
    const any = await this.db.selectFrom('sandboxes').select('id').limit(1).executeTakeFirst();
    if (any) return;
    try {
      await this.create({ id: 'demo', name: 'demo', fixtures: 'demo', credentials: this.credentials.demo() });
    } catch (err) {
      // Another node starting on the same PostgreSQL database created it first.
      if (!(await this.exists('demo'))) throw err;
    }
  }

  private async seed(tx: Tx, uow: UnitOfWork, sandbox: SandboxContext, kind: FixtureKind, credentials: Credentials): Promise<void> {
    const now = sandboxNow(sandbox.clock);
    for (const d of this.dialects) {
      const scope = this.scopes.create({ dialect: d.name, sandbox, now, stream: `fixtures:${d.name}`, within: { tx, uow } });
      await d.fixtures.seed(scope, tx, { kind, credentials: credentials[d.name], isDemo: sandbox.id === 'demo' });
    }
  }

  async get(id: string): Promise<SandboxView> {
    const row = await getSandbox(this.db, id);
    if (!row) throw new NotFoundError(`sandbox '${id}' not found`);
    const [creds, activity] = await Promise.all([credentialsOf(this.db, [id]), activityOf(this.db, id)]);
    return this.view(row, creds.get(id) ?? [], activity.get(id) ?? NO_ACTIVITY);
  }

  async list(): Promise<SandboxView[]> {
    const rows = await listSandboxRows(this.db);
    // Every sandbox's activity in one read (a row per sandbox that has any).
    const [creds, activity] = await Promise.all([credentialsOf(this.db, rows.map((r) => r.id)), activityOf(this.db)]);
    return rows.map((r) => this.view(r, creds.get(r.id) ?? [], activity.get(r.id) ?? NO_ACTIVITY));
  }

  private view(row: SandboxRow, creds: CredentialRow[], activity: SandboxActivity): SandboxView {
    return {
      id: row.id,
      name: row.name,
      fixtures: row.fixtures as FixtureKind,
      createdAt: new Date(Number(row.created_at)).toISOString(),
      ...(row.seed === null ? {} : { seed: row.seed }),
      requestCount: activity.requestCount,
      lastRequestAt: activity.lastRequestAt === null ? null : new Date(activity.lastRequestAt).toISOString(),
      credentials: this.credentials.fromRows(creds),
    };
  }

  /** Calls `listener` with the id of each sandbox deleted through this service, after the deletion commits. Returns the call that stops it. */
  onDeleted(listener: (id: string) => void): () => void {
    this.deletedListeners.add(listener);
    return () => void this.deletedListeners.delete(listener);
  }

  async exists(id: string): Promise<boolean> {
    return (await getSandbox(this.db, id)) !== undefined;
  }

  async require(id: string): Promise<SandboxRow> {
    const row = await getSandbox(this.db, id);
    if (!row) throw new NotFoundError(`sandbox '${id}' not found`);
    return row;
  }

  /** What a scope of this sandbox needs: its clock, seed and signing key, as they are now. */
  async context(id: string): Promise<SandboxContext> {
    return contextOf(await this.require(id));
  }

  async delete(id: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const gone = await tx.deleteFrom('sandboxes').where('id', '=', id).executeTakeFirst();
      if (Number(gone.numDeletedRows) === 0) throw new NotFoundError(`sandbox '${id}' not found`);
      for (const table of [...this.dataTables, ...this.ownedTables]) {
        await tx.deleteFrom(table).where('sandbox_id', '=', id).execute();
      }
      forgetSandbox(tx, id);
    });
    for (const listener of this.deletedListeners) listener(id);
  }

  private async clearData(tx: Tx, id: string): Promise<void> {
    for (const table of this.dataTables) await tx.deleteFrom(table).where('sandbox_id', '=', id).execute();
    forgetSandbox(tx, id);
  }

  /** Data back to the sandbox's fixtures; credentials, clock, webhooks and fault rules stay. */
  async reset(id: string): Promise<void> {
    await this.unitOfWork(async (tx, uow) => {
      const row = await this.lockSandbox(tx, id);
      if (!row) throw new NotFoundError(`sandbox '${id}' not found`);
      await this.clearData(tx, id);
      const creds = await credentialsOf(tx, [id]);
      await this.seed(tx, uow, contextOf(row), row.fixtures as FixtureKind, this.credentials.fromRows(creds.get(id) ?? []));
    });
  }

  /** A named copy of every data row of the sandbox; the same name again replaces it. */
  async snapshot(id: string, name: string): Promise<{ name: string; createdAt: string; rows: number }> {
    const createdAt = Date.now();
    let count = 0;
    // On PostgreSQL the tables are read one after another: REPEATABLE READ makes them one
    // consistent picture even while vendor requests write. A clash with a concurrent update of
    // the sandbox row (40001) is retried.
    const tx = this.database.engine === 'postgres' ? this.db.transaction().setIsolationLevel('repeatable read') : this.db.transaction();
    await retrySerializationFailures(() =>
      tx.execute(async (tx) => {
        count = 0;
        if (!(await this.lockSandbox(tx, id))) throw new NotFoundError(`sandbox '${id}' not found`);
        const data: Record<string, unknown[]> = {};
        for (const table of this.dataTables) {
          const rows = await tx.selectFrom(table).selectAll().where('sandbox_id', '=', id).execute();
          data[table] = rows;
          count += rows.length;
        }
        await tx
          .insertInto('snapshots')
          .values({ sandbox_id: id, name, created_at: createdAt, data: JSON.stringify(data) })
          .onConflict((oc) => oc.columns(['sandbox_id', 'name']).doUpdateSet((eb) => ({ created_at: eb.ref('excluded.created_at'), data: eb.ref('excluded.data') })))
          .execute();
      }),
    );
    return { name, createdAt: new Date(createdAt).toISOString(), rows: count };
  }

  async listSnapshots(id: string): Promise<Array<{ name: string; createdAt: string }>> {
    await this.require(id);
    const rows = await this.db.selectFrom('snapshots').select(['name', 'created_at']).where('sandbox_id', '=', id).orderBy('created_at').execute();
    return rows.map((r) => ({ name: r.name, createdAt: new Date(Number(r.created_at)).toISOString() }));
  }

  async restore(id: string, name: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      if (!(await this.lockSandbox(tx, id))) throw new NotFoundError(`sandbox '${id}' not found`);
      const snap = await tx.selectFrom('snapshots').select('data').where('sandbox_id', '=', id).where('name', '=', name).executeTakeFirst();
      if (!snap) throw new NotFoundError(`snapshot '${name}' not found in sandbox '${id}'`);
      const data = JSON.parse(snap.data) as Record<string, Record<string, unknown>[]>;
      await this.clearData(tx, id);
      // A table added by a later migration is simply empty in an older snapshot.
      for (const table of this.dataTables) await insertRows(tx, table, data[table] ?? []);
    });
  }

  async clock(id: string): Promise<{ now: string; frozen: boolean }> {
    return describeClock(clockOf(await this.require(id)));
  }

  async setClock(id: string, change: ClockChange | null): Promise<{ now: string; frozen: boolean }> {
    // Read and write under the lock: concurrent `advanceSeconds` calls all count.
    return this.db.transaction().execute(async (tx) => {
      const row = await this.lockSandbox(tx, id);
      if (!row) throw new NotFoundError(`sandbox '${id}' not found`);
      const next = change === null ? { offsetMs: 0, frozenMs: null } : changeClock(clockOf(row), change);
      await tx.updateTable('sandboxes').set({ clock_offset_ms: next.offsetMs, clock_frozen_ms: next.frozenMs }).where('id', '=', id).execute();
      return describeClock(next);
    });
  }

  async nowMs(id: string): Promise<number> {
    return sandboxNow(clockOf(await this.require(id)));
  }
}

/** Every round of clashing snapshots lets at least one through, so a few rounds always suffice. */
async function retrySerializationFailures<T>(run: () => Promise<T>, attempts = 30): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (err) {
      if ((err as { code?: string }).code !== '40001' || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * Math.min(i, 5)));
    }
  }
}
