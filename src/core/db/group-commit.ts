import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig, type TransactionSettings } from 'kysely';

/** How many sessions one commit may carry, and how long a group may stay open, at most. */
const MAX_MEMBERS = 64;
const MAX_GROUP_MS = 10;

/** Our driver serialises the one connection itself (so the runtime's mutex is not wanted). */
class GroupCommitAdapter extends SqliteAdapter {
  override get supportsMultipleConnections(): boolean {
    return true;
  }
}

interface Group {
  members: number;
  /** A commit is scheduled for the next turn of the event loop. */
  scheduled?: boolean;
  startedAt: number;
  done: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const raw = (text: string) => CompiledQuery.raw(text);

/**
 * Group commit on SQLite's one connection (README, Development: "Speed"). A write transaction
 * is a savepoint inside a transaction that stays open while other sessions wait for the
 * connection (or arrive within one turn of the event loop), and one COMMIT then makes the
 * whole group durable: the pages that each of them
 * dirtied (a sequence, an index leaf, the journal) are written to the WAL once per group, not
 * once per transaction. Nothing is given back before it is committed: a session that ran while
 * a group was open (a read too, which may have read the group's rows) resolves only once the
 * group has committed, and fails if the commit fails. A transaction that fails rolls back to its
 * savepoint, and the group goes on without it. A group closes when nobody has come
 * for a turn of the event loop, at 64 sessions or after 10 ms.
 */
class GroupCommitDriver implements Driver {
  /** Commits made, and the sessions they carried (for tests and the bench). */
  readonly stats = { commits: 0, members: 0 };
  private readonly inner: SqliteDriver;
  private connection!: DatabaseConnection;
  private locked = false;
  private readonly waiters: Array<() => void> = [];
  private group: Group | null = null;
  /** Whether the session holding the connection ran inside the open group. */
  private inGroup = false;

  constructor(config: SqliteDialectConfig) {
    this.inner = new SqliteDriver(config);
  }

  async init(): Promise<void> {
    await this.inner.init();
    this.connection = await this.inner.acquireConnection();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.locked) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.locked = true;
    this.inGroup = this.group !== null;
    return this.connection;
  }

  private unlock(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.locked = false;
  }

  private async exec(text: string): Promise<void> {
    await this.connection.executeQuery(raw(text));
  }

  async beginTransaction(_connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    if (!this.group) {
      await this.exec('begin');
      let resolve!: () => void;
      let reject!: (err: unknown) => void;
      const done = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      done.catch(() => {});
      this.group = { members: 0, startedAt: performance.now(), done, resolve, reject };
    }
    await this.exec('savepoint understudy_session');
    this.inGroup = true;
  }

  async commitTransaction(): Promise<void> {
    await this.exec('release understudy_session');
  }

  async rollbackTransaction(): Promise<void> {
    await this.exec('rollback to understudy_session');
    await this.exec('release understudy_session');
  }

  async releaseConnection(): Promise<void> {
    const group = this.group;
    const member = this.inGroup && group !== null;
    this.inGroup = false;
    if (!group) return this.unlock();
    if (member) group.members++;
    if (group.members >= MAX_MEMBERS || performance.now() - group.startedAt >= MAX_GROUP_MS) await this.commit(group);
    else if (this.waiters.length === 0 && !group.scheduled) {
      // Nobody waits yet: the requests in flight get one turn of the event loop to join.
      group.scheduled = true;
      setImmediate(() => void this.commitLater(group));
    }
    this.unlock();
    // What this session did (or read) is given back once it is durable.
    if (member) await group.done;
  }

  /** Commits the group if it is still the open one (the caller holds the connection). */
  private async commit(group: Group): Promise<void> {
    if (this.group !== group) return;
    this.group = null;
    try {
      await this.exec('commit');
      this.stats.commits++;
      this.stats.members += group.members;
      group.resolve();
    } catch (err) {
      await this.exec('rollback').catch(() => {});
      group.reject(err);
    }
  }

  /** A scheduled commit: takes its turn for the connection like a session, then commits. */
  private async commitLater(group: Group): Promise<void> {
    if (this.group !== group) return;
    if (this.locked) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.locked = true;
    try {
      await this.commit(group);
    } finally {
      this.unlock();
    }
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]): Promise<void> {
    return this.inner.savepoint(connection, name, compile);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['rollbackToSavepoint']>>[2]): Promise<void> {
    return this.inner.rollbackToSavepoint(connection, name, compile);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['releaseSavepoint']>>[2]): Promise<void> {
    return this.inner.releaseSavepoint(connection, name, compile);
  }

  async destroy(): Promise<void> {
    // Whatever group is open is committed first (every session of it has been released).
    if (this.group) {
      const group = this.group;
      this.group = null;
      await this.exec('commit').then(group.resolve, group.reject);
    }
    await this.inner.destroy();
  }
}

/** Kysely's SQLite dialect with group commit (see GroupCommitDriver). */
export class GroupCommitSqliteDialect extends SqliteDialect {
  constructor(private readonly config: SqliteDialectConfig) {
    super(config);
  }

  /** The driver's counters, once Kysely has created it. */
  stats: GroupCommitDriver['stats'] | null = null;

  override createDriver(): Driver {
    const driver = new GroupCommitDriver(this.config);
    this.stats = driver.stats;
    return driver;
  }

  override createAdapter(): SqliteAdapter {
    return new GroupCommitAdapter();
  }
}
