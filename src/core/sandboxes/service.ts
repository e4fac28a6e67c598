import { randomBytes } from 'node:crypto';
import type { Database, Tx } from '../db/engine.ts';
import { changeClock, describeClock, sandboxNow, type ClockChange } from '../clock.ts';
import type { Dialect, FixtureKind } from '../dialect.ts';
import { credentialRows, credentialsFromRows, randomCredentials, type Credentials } from './credentials.ts';
import { clockOf, getSandbox, insertCredentials, insertRows, listSandboxRows, primaryCredentials, type SandboxRow } from './store.ts';

export interface SandboxView {
  id: string;
  name: string;
  fixtures: FixtureKind;
  createdAt: string;
  credentials: Credentials;
}

export class NotFoundError extends Error {}

/** Tables of a sandbox's own data that are not a dialect's: per-sandbox id counters. */
const CORE_DATA_TABLES = ['sequences'];
/** Everything else a sandbox owns, gone with it. */
const CORE_OWNED_TABLES = ['credentials', 'snapshots', 'requests', 'webhooks', 'deliveries', 'delivery_attempts', 'fault_rules'];

export class SandboxService {
  constructor(
    private readonly database: Database,
    private readonly dialects: Dialect[],
  ) {}

  private get db() {
    return this.database.db;
  }

  private dataTables(): string[] {
    return [...CORE_DATA_TABLES, ...this.dialects.flatMap((d) => d.tables)];
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

  async create(input: { name?: string; fixtures?: FixtureKind; id?: string; credentials?: Credentials }): Promise<SandboxView> {
    const id = input.id ?? `sbx_${randomBytes(6).toString('hex')}`;
    const fixtures = input.fixtures ?? 'demo';
    const credentials = input.credentials ?? randomCredentials();
    const createdAt = Date.now();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('sandboxes')
        .values({ id, name: input.name ?? id, fixtures, created_at: createdAt, clock_offset_ms: 0, clock_frozen_ms: null, fault_rule_count: 0 })
        .execute();
      await insertCredentials(tx, id, credentialRows(credentials));
      await this.seed(tx, id, fixtures, createdAt, credentials);
    });
    return { id, name: input.name ?? id, fixtures, createdAt: new Date(createdAt).toISOString(), credentials };
  }

  private async seed(tx: Tx, sandboxId: string, fixtures: FixtureKind, nowMs: number, credentials: Credentials): Promise<void> {
    const ctx = { sandboxId, fixtures, nowMs, credentials, isDemo: sandboxId === 'demo' };
    for (const dialect of this.dialects) await dialect.seed(tx, ctx);
  }

  async get(id: string): Promise<SandboxView> {
    const row = await getSandbox(this.db, id);
    if (!row) throw new NotFoundError(`sandbox '${id}' not found`);
    const creds = await primaryCredentials(this.db, [id]);
    return this.view(row, creds.get(id) ?? []);
  }

  async list(): Promise<SandboxView[]> {
    const rows = await listSandboxRows(this.db);
    const creds = await primaryCredentials(this.db, rows.map((r) => r.id));
    return rows.map((r) => this.view(r, creds.get(r.id) ?? []));
  }

  private view(row: SandboxRow, creds: Parameters<typeof credentialsFromRows>[0]): SandboxView {
    return {
      id: row.id,
      name: row.name,
      fixtures: row.fixtures as FixtureKind,
      createdAt: new Date(Number(row.created_at)).toISOString(),
      credentials: credentialsFromRows(creds),
    };
  }

  async exists(id: string): Promise<boolean> {
    return (await getSandbox(this.db, id)) !== undefined;
  }

  async require(id: string): Promise<SandboxRow> {
    const row = await getSandbox(this.db, id);
    if (!row) throw new NotFoundError(`sandbox '${id}' not found`);
    return row;
  }

  async delete(id: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const gone = await tx.deleteFrom('sandboxes').where('id', '=', id).executeTakeFirst();
      if (Number(gone.numDeletedRows) === 0) throw new NotFoundError(`sandbox '${id}' not found`);
      for (const table of [...this.dataTables(), ...CORE_OWNED_TABLES]) {
        await tx.deleteFrom(table).where('sandbox_id', '=', id).execute();
      }
    });
  }

  private async clearData(tx: Tx, id: string): Promise<void> {
    for (const table of this.dataTables()) await tx.deleteFrom(table).where('sandbox_id', '=', id).execute();
  }

  /** Data back to the sandbox's fixtures; credentials, clock, webhooks and fault rules stay. */
  async reset(id: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const row = await this.lockSandbox(tx, id);
      if (!row) throw new NotFoundError(`sandbox '${id}' not found`);
      await this.clearData(tx, id);
      const creds = await primaryCredentials(tx, [id]);
      await this.seed(tx, id, row.fixtures as FixtureKind, sandboxNow(clockOf(row)), credentialsFromRows(creds.get(id) ?? []));
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
    await retrySerializationFailures(() => tx.execute(async (tx) => {
      count = 0;
      if (!(await this.lockSandbox(tx, id))) throw new NotFoundError(`sandbox '${id}' not found`);
      const data: Record<string, unknown[]> = {};
      for (const table of this.dataTables()) {
        const rows = await tx.selectFrom(table).selectAll().where('sandbox_id', '=', id).execute();
        data[table] = rows;
        count += rows.length;
      }
      await tx
        .insertInto('snapshots')
        .values({ sandbox_id: id, name, created_at: createdAt, data: JSON.stringify(data) })
        .onConflict((oc) => oc.columns(['sandbox_id', 'name']).doUpdateSet((eb) => ({ created_at: eb.ref('excluded.created_at'), data: eb.ref('excluded.data') })))
        .execute();
    }));
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
      for (const table of this.dataTables()) await insertRows(tx, table, data[table] ?? []);
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
      await tx
        .updateTable('sandboxes')
        .set({ clock_offset_ms: next.offsetMs, clock_frozen_ms: next.frozenMs })
        .where('id', '=', id)
        .execute();
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
