import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.ts';
import { buildApp } from '../../src/main.ts';
import { testConfig } from '../helpers/app.ts';

/** Issue 2: "Structured logs (pino), quiet by default, one line per request at debug." */
async function appLoggingAt(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const config = testConfig({ logLevel: level });
  const { app } = await buildApp(config, { log: pino({ level, base: undefined }, sink) });
  await app.ready();
  return { app, lines };
}

async function someRequests(app: Awaited<ReturnType<typeof appLoggingAt>>['app']): Promise<number> {
  const made = await app.inject({ method: 'POST', url: '/_understudy/sandboxes', payload: { fixtures: 'demo' } });
  const tak = made.json().credentials.touchoffice.tak;
  await app.inject({ method: 'GET', url: `/touchoffice/vouchers/ABCDEF123?TAK=${tak}` });
  await app.inject({ method: 'GET', url: '/touchoffice/vouchers?TAK=wrong' });
  await app.inject({ method: 'GET', url: '/_understudy/no-such-route' });
  return 4;
}

describe('request logging', () => {
  it('is quiet by default: the default level is warn, and requests write nothing', async () => {
    expect(loadConfig({}, {} as NodeJS.ProcessEnv).logLevel).toBe('warn');
    const { app, lines } = await appLoggingAt('warn');
    try {
      await someRequests(app);
    } finally {
      await app.close();
    }
    expect(lines).toEqual([]);
  });

  it('at debug, writes one structured JSON line per request with method, url, status and time', async () => {
    const { app, lines } = await appLoggingAt('debug');
    let count: number;
    try {
      count = await someRequests(app);
    } finally {
      await app.close();
    }
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests).toHaveLength(count);
    // The path without its query string: a TAK (or api_key/api_secret) never reaches the log.
    expect(requests.map((l) => [l.method, l.url, l.status])).toEqual([
      ['POST', '/_understudy/sandboxes', 201],
      ['GET', '/touchoffice/vouchers/ABCDEF123', 200],
      ['GET', '/touchoffice/vouchers', 200],
      ['GET', '/_understudy/no-such-route', 404],
    ]);
    expect(JSON.stringify(lines)).not.toContain('wrong');
    for (const l of requests) expect(l).toMatchObject({ level: 20, ms: expect.any(Number), time: expect.any(Number) });
  });
});
