import { describe, expect, it } from 'vitest';
import { isLoopback, loadConfig } from './config.ts';
import { retryDelayMs } from './outbox/worker.ts';

const NO_ENV = {} as NodeJS.ProcessEnv;

describe('configuration (CONTRACT.md, "Starting and stopping")', () => {
  it('defaults: host 127.0.0.1, port 4010, SQLite file ./data/understudy.db, no admin token, quiet logs', () => {
    expect(loadConfig({}, NO_ENV)).toMatchObject({
      host: '127.0.0.1',
      port: 4010,
      sqlitePath: './data/understudy.db',
      databaseUrl: undefined,
      adminToken: undefined,
      createDemo: true,
      logLevel: 'warn',
    });
  });

  it('reads PORT, HOST, UNDERSTUDY_DB and UNDERSTUDY_ADMIN_TOKEN; flags win over the environment', () => {
    const env = { PORT: '5000', HOST: '0.0.0.0', UNDERSTUDY_DB: '/tmp/x.db', UNDERSTUDY_ADMIN_TOKEN: 'tok' } as NodeJS.ProcessEnv;
    expect(loadConfig({}, env)).toMatchObject({ port: 5000, host: '0.0.0.0', sqlitePath: '/tmp/x.db', adminToken: 'tok' });
    expect(loadConfig({ port: 6000, host: '127.0.0.2', db: ':memory:' }, env)).toMatchObject({ port: 6000, host: '127.0.0.2', sqlitePath: ':memory:' });
  });

  it('DATABASE_URL (postgres://…) selects PostgreSQL; a variable set to "" counts as unset', () => {
    expect(loadConfig({}, { DATABASE_URL: 'postgres://u@h:5432/d' } as NodeJS.ProcessEnv).databaseUrl).toBe('postgres://u@h:5432/d');
    expect(loadConfig({}, { DATABASE_URL: 'postgresql://u@h/d' } as NodeJS.ProcessEnv).databaseUrl).toBe('postgresql://u@h/d');
    // Issue 11: not silently ignored any more (test/cli/database-owner.test.ts).
    expect(() => loadConfig({}, { DATABASE_URL: 'mysql://u@h/d' } as NodeJS.ProcessEnv)).toThrow(/^DATABASE_URL must be a postgres:\/\/ URL/);
    expect(loadConfig({}, { PORT: '', HOST: '', UNDERSTUDY_ADMIN_TOKEN: '' } as NodeJS.ProcessEnv)).toMatchObject({ port: 4010, host: '127.0.0.1', adminToken: undefined });
  });

  it('refuses a port that is not an integer from 0 to 65535', () => {
    for (const port of ['eighty', '-1', '65536', '1.5']) expect(() => loadConfig({ port }, NO_ENV), port).toThrow(/port/);
  });

  it('issue 2: the journal keeps the newest 1000 entries per sandbox unless configured', () => {
    expect(loadConfig({}, NO_ENV).journalLimit).toBe(1000);
    expect(loadConfig({}, { UNDERSTUDY_JOURNAL_LIMIT: '50' } as NodeJS.ProcessEnv).journalLimit).toBe(50);
  });

  it('issue 13: answers are kept between writes unless UNDERSTUDY_KEEP_ANSWERS=0', () => {
    expect(loadConfig({}, NO_ENV).keepAnswers).toBe(true);
    expect(loadConfig({}, { UNDERSTUDY_KEEP_ANSWERS: '0' } as NodeJS.ProcessEnv).keepAnswers).toBe(false);
  });

  it('issue 2: deliveries default to about 8 attempts over an hour, with exponential backoff', () => {
    const { delivery } = loadConfig({}, NO_ENV);
    expect(delivery.maxAttempts).toBe(8);
    const delays = Array.from({ length: delivery.maxAttempts - 1 }, (_, i) => retryDelayMs(delivery, i + 1));
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBe(delays[i - 1] * 2);
    const spanMinutes = delays.reduce((a, b) => a + b, 0) / 60_000;
    expect(spanMinutes).toBeGreaterThan(45);
    expect(spanMinutes).toBeLessThan(90);
  });

  it('issue 12: --https / UNDERSTUDY_HTTPS keep the local CA next to the SQLite file (./data/tls otherwise); --cert and --key go together', () => {
    expect(loadConfig({}, NO_ENV).tls).toBeUndefined();
    expect(loadConfig({ https: true }, NO_ENV).tls).toEqual({ dir: 'data/tls' });
    expect(loadConfig({ https: true, db: '/tmp/x/u.db' }, NO_ENV).tls).toEqual({ dir: '/tmp/x/tls' });
    expect(loadConfig({ db: ':memory:' }, { UNDERSTUDY_HTTPS: '1' } as NodeJS.ProcessEnv).tls).toEqual({ dir: 'data/tls' });
    expect(loadConfig({}, { UNDERSTUDY_HTTPS: '1', DATABASE_URL: 'postgres://u@h/d', UNDERSTUDY_TLS_DIR: '/etc/u' } as NodeJS.ProcessEnv).tls).toEqual({ dir: '/etc/u' });
    expect(loadConfig({}, { UNDERSTUDY_HTTPS: '0' } as NodeJS.ProcessEnv).tls).toBeUndefined();
    expect(() => loadConfig({}, { UNDERSTUDY_HTTPS: 'maybe' } as NodeJS.ProcessEnv)).toThrow(/UNDERSTUDY_HTTPS/);
    expect(loadConfig({ cert: 'c.pem', key: 'k.pem' }, NO_ENV).tls).toEqual({ cert: 'c.pem', key: 'k.pem' });
    expect(loadConfig({}, { UNDERSTUDY_TLS_CERT: 'c.pem', UNDERSTUDY_TLS_KEY: 'k.pem' } as NodeJS.ProcessEnv).tls).toEqual({ cert: 'c.pem', key: 'k.pem' });
    expect(() => loadConfig({ cert: 'c.pem' }, NO_ENV)).toThrow(/--cert .*needs --key/);
    expect(() => loadConfig({ key: 'k.pem', https: true }, NO_ENV)).toThrow(/--key .*needs --cert/);
  });

  it('loopback hosts are the only ones that need no admin token', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost']) expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) expect(isLoopback(host), host).toBe(false);
  });
});
