import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { loadConfig } from '../../src/core/config.ts';
import { TEST_DATABASE_URL, testApp } from '../helpers/app.ts';
import { useServeProcesses } from '../helpers/process.ts';

/**
 * Issue 11, one owner per database: a second process on one SQLite file is refused, naming the
 * file and the other process; the database variables are read in order and a wrong one is
 * refused by name; a failure to reach the database names where it was looked for.
 */
describe('one owner per SQLite file', () => {
  const start = useServeProcesses();
  const file = () => join(mkdtempSync(join(tmpdir(), 'understudy-owner-')), 'understudy.db');

  it('a second process on the same file is refused at start, naming the file and the first process; the first keeps serving', async () => {
    const db = file();
    const first = await start(['--port', '0', '--db', db]);
    expect(first.url).not.toBe('');
    const second = await start(['--port', '0', '--db', db]);
    expect(await second.exited).toEqual({ code: 1, signal: null });
    expect(second.url).toBe('');
    expect(second.stderr()).toContain(db);
    expect(second.stderr()).toContain(`pid ${first.proc.pid}`);
    const health = await fetch(`${first.url}/_understudy/health`);
    expect(health.status).toBe(200);
  });

  it('a file in a folder that does not exist yet (./data on a fresh clone): the folder is made, the lock beside the file, and it serves', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'understudy-owner-')), 'not-yet', 'data', 'understudy.db');
    const p = await start(['--port', '0', '--db', db]);
    expect(p.stderr()).toBe('');
    expect(p.url).not.toBe('');
    expect((await fetch(`${p.url}/_understudy/health`)).status).toBe(200);
    expect(existsSync(`${db}.owner`)).toBe(true);
  });

  it('the same file through UNDERSTUDY_DB is refused too; another file is not', async () => {
    const db = file();
    const first = await start(['--port', '0'], { UNDERSTUDY_DB: db });
    const second = await start(['--port', '0'], { UNDERSTUDY_DB: db });
    expect((await second.exited).code).toBe(1);
    expect(second.stderr()).toMatch(/in use by another Understudy process/);
    const third = await start(['--port', '0', '--db', file()]);
    expect(third.url).not.toBe('');
    expect(first.url).not.toBe('');
  });

  it('after the owner is killed (kill -9) the next process takes the file over; after a clean stop the lock is gone', async () => {
    const db = file();
    const first = await start(['--port', '0', '--db', db]);
    first.proc.kill('SIGKILL');
    await first.exited;
    expect(existsSync(`${db}.owner`)).toBe(true);
    const second = await start(['--port', '0', '--db', db]);
    expect(second.url).not.toBe('');
    second.proc.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    expect(existsSync(`${db}.owner`)).toBe(false);
  });

  it('an SQLite error names the file', async () => {
    const db = file();
    writeFileSync(db, 'this is not an SQLite database, only text that is long enough to have a header page'.repeat(20));
    const p = await start(['--port', '0', '--db', db]);
    expect((await p.exited).code).toBe(1);
    expect(p.stderr()).toContain(db);
    expect(p.stderr()).toMatch(/not a database/);
  });

  it('a connection failure names the host and the variable, and no password', async () => {
    const p = await start(['--port', '0'], { UNDERSTUDY_DATABASE_URL: 'postgres://someone:hunter2@127.0.0.1:1/nowhere' });
    expect((await p.exited).code).toBe(1);
    expect(p.stderr()).toContain('127.0.0.1:1');
    expect(p.stderr()).toContain('UNDERSTUDY_DATABASE_URL');
    expect(p.stderr()).not.toContain('hunter2');
  });

  it('a database variable that is not a postgres:// URL is refused by name (exit 2), not ignored', async () => {
    const p = await start(['--port', '0'], { DATABASE_URL: 'mysql://u:pw@h/d' });
    expect((await p.exited).code).toBe(2);
    expect(p.stderr()).toContain('DATABASE_URL must be a postgres:// URL');
    expect(p.stderr()).not.toContain('pw@h');
  });
});

describe('the database variables', () => {
  const env = (e: Record<string, string>) => e as NodeJS.ProcessEnv;

  it('UNDERSTUDY_DATABASE_URL is read before DATABASE_URL', () => {
    const c = loadConfig({}, env({ UNDERSTUDY_DATABASE_URL: 'postgres://a@h1/one', DATABASE_URL: 'postgres://b@h2/two' }));
    expect(c).toMatchObject({ databaseUrl: 'postgres://a@h1/one', databaseUrlFrom: 'UNDERSTUDY_DATABASE_URL' });
    expect(loadConfig({}, env({ DATABASE_URL: 'postgresql://b@h2/two' }))).toMatchObject({ databaseUrl: 'postgresql://b@h2/two', databaseUrlFrom: 'DATABASE_URL' });
    // The application's own DATABASE_URL is not even read when Understudy's own variable is set.
    expect(loadConfig({}, env({ UNDERSTUDY_DATABASE_URL: 'postgres://a@h1/one', DATABASE_URL: 'mysql://app/db' })).databaseUrl).toBe('postgres://a@h1/one');
  });

  it('--db and UNDERSTUDY_DB select SQLite over DATABASE_URL; --db over UNDERSTUDY_DATABASE_URL too', () => {
    expect(loadConfig({}, env({ UNDERSTUDY_DB: '/tmp/x.db', DATABASE_URL: 'postgres://b@h2/two' }))).toMatchObject({ sqlitePath: '/tmp/x.db', databaseUrl: undefined });
    expect(loadConfig({ db: ':memory:' }, env({ UNDERSTUDY_DATABASE_URL: 'postgres://a@h1/one' }))).toMatchObject({ sqlitePath: ':memory:', databaseUrl: undefined });
  });

  it('a value that is not a postgres:// URL is refused, naming the variable', () => {
    for (const name of ['UNDERSTUDY_DATABASE_URL', 'DATABASE_URL']) {
      for (const value of ['mysql://u@h/d', 'sqlite:./x.db', './data/understudy.db']) {
        expect(() => loadConfig({}, env({ [name]: value })), `${name}=${value}`).toThrow(new RegExp(`^${name} must be a postgres:// URL`));
      }
    }
  });
});

describe.skipIf(!TEST_DATABASE_URL)('PostgreSQL: Understudy keeps to its own schema', () => {
  it("a database given through DATABASE_URL gets no table in public, only in 'understudy'", async () => {
    const name = `understudy_schema_${randomBytes(5).toString('hex')}`;
    const admin = async (statement: string, url = TEST_DATABASE_URL!) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(statement)).rows;
      } finally {
        await client.end();
      }
    };
    await admin(`create database ${name}`);
    const url = new URL(TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    try {
      const config = loadConfig({}, { DATABASE_URL: url.toString() } as NodeJS.ProcessEnv);
      const t = await testApp({ databaseUrl: config.databaseUrl, databaseSchema: config.databaseSchema });
      await t.sandbox('demo');
      await t.close();
      const tables = await admin("select table_schema, table_name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')", url.toString());
      expect(tables.filter((r) => r.table_schema === 'public')).toEqual([]);
      expect(tables.filter((r) => r.table_schema === 'understudy').map((r) => r.table_name)).toEqual(expect.arrayContaining(['sandboxes', 'credentials', 'requests']));
    } finally {
      await admin(`drop database if exists ${name} with (force)`);
    }
  });
});
