import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommitSqliteDialect } from '../../src/core/db/group-commit.ts';

/**
 * Group commit on SQLite (src/core/db/group-commit.ts): concurrent transactions share commits,
 * each is given back only once it is durable (seen by another connection to the file), and one
 * that fails leaves the others of its group whole.
 */
describe('SQLite group commit', () => {
  const dirs: string[] = [];
  const dbs: Array<Kysely<any>> = [];
  afterEach(async () => {
    for (const db of dbs.splice(0)) await db.destroy();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  async function open() {
    const dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
    dirs.push(dir);
    const file = join(dir, 'db.sqlite');
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    const dialect = new GroupCommitSqliteDialect({ database: sqlite });
    const db = new Kysely<any>({ dialect });
    dbs.push(db);
    await sql`create table t (id integer primary key, v text not null unique)`.execute(db);
    // Another connection: what it sees is committed.
    const other = new SQLite(file, { readonly: true });
    const committed = (v: string) => other.prepare('select count(*) as n from t where v = ?').get(v) as { n: number };
    return { db, dialect, committed, close: () => other.close() };
  }

  it('concurrent transactions share commits, and each is durable when it resolves', async () => {
    const { db, dialect, committed, close } = await open();
    const seen: boolean[] = [];
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        await db.transaction().execute(async (tx) => {
          await tx.insertInto('t').values({ v: `a${i}` }).execute();
          await new Promise((r) => setImmediate(r));
          await tx.insertInto('t').values({ v: `b${i}` }).execute();
        });
        seen.push(committed(`a${i}`).n === 1 && committed(`b${i}`).n === 1);
      }),
    );
    close();
    expect(seen).toHaveLength(40);
    expect(seen.every(Boolean)).toBe(true);
    expect(dialect.stats!.commits).toBeLessThan(40);
    expect(dialect.stats!.members).toBeGreaterThanOrEqual(40);
  });

  it('a transaction that fails is rolled back alone; the rest of its group commits', async () => {
    const { db, committed, close } = await open();
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        db.transaction().execute(async (tx) => {
          await tx.insertInto('t').values({ v: `c${i}` }).execute();
          await new Promise((r) => setImmediate(r));
          if (i % 3 === 0) throw new Error(`fail ${i}`);
          // A constraint violation inside a transaction fails it too.
          if (i % 3 === 1 && i > 20) await tx.insertInto('t').values({ v: 'c1' }).execute();
        }),
      ),
    );
    const failed = results.map((r, i) => (r.status === 'rejected' ? i : -1)).filter((i) => i >= 0);
    expect(failed).toEqual(Array.from({ length: 30 }, (_, i) => i).filter((i) => i % 3 === 0 || (i % 3 === 1 && i > 20)));
    for (let i = 0; i < 30; i++) expect(committed(`c${i}`).n, `c${i}`).toBe(failed.includes(i) ? 0 : 1);
    close();
  });

  it('a read that ran while a group was open resolves once that group is committed', async () => {
    const { db, committed, close } = await open();
    let read!: Promise<{ rows: Array<{ v: string }>; durable: boolean }>;
    const write = db.transaction().execute(async (tx) => {
      await tx.insertInto('t').values({ v: 'w' }).execute();
      // Asked for while the transaction holds the connection: it runs inside the group, after the write.
      read = db
        .selectFrom('t')
        .select('v')
        .execute()
        .then((rows) => ({ rows: rows as Array<{ v: string }>, durable: committed('w').n === 1 }));
    });
    const [, r] = await Promise.all([write, write.then(() => read)]);
    expect(r.rows.map((x) => x.v)).toContain('w');
    expect(r.durable).toBe(true);
    close();
  });
});
