import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useSandbox, useUnderstudy } from 'understudy/testing';

// One Understudy server for this file (a child process on a free port, in-memory database),
// and a fresh sandbox with the demo data for every test, deleted after it.
const hooks = { beforeAll, afterAll, beforeEach, afterEach };
const server = useUnderstudy({ hooks });
const sandbox = useSandbox(server, { hooks, fixtures: 'demo' });

// Your integration's own code would make these calls; point it at sandbox.urls.touchoffice.
const vouchers = (query: string) =>
  fetch(`${sandbox.urls.touchoffice}/vouchers?TAK=${sandbox.credentials.touchoffice.tak}&${query}`).then((res) => res.json());

describe('gift vouchers', () => {
  it('creates a voucher and finds it by number', async () => {
    const created = await fetch(`${sandbox.urls.touchoffice}/vouchers?TAK=${sandbox.credentials.touchoffice.tak}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ number: 'GIFT-100', site: 0, type: 1, value: 2500, active: true }]),
    });
    expect(created.status).toBe(200);
    expect((await vouchers('number=GIFT-100')).vouchers[0].value).toBe(2500);

    // The journal shows what the integration sent (credentials redacted).
    const [last, first] = await sandbox.requests({ dialect: 'touchoffice' });
    expect(first).toMatchObject({ method: 'POST', path: '/vouchers', query: { TAK: '[REDACTED]' } });
    expect(last.query).toMatchObject({ number: 'GIFT-100' });
  });

  it('starts every test from the same data', async () => {
    expect((await vouchers('number=GIFT-100')).status).toBe(0); // "No Data Available"
  });

  it('survives an outage of the vendor', async () => {
    await sandbox.faults.set([{ dialect: 'touchoffice', path: '/vouchers', status: 503, times: 1 }]);
    const failed = await fetch(`${sandbox.urls.touchoffice}/vouchers?TAK=${sandbox.credentials.touchoffice.tak}`);
    expect(failed.status).toBe(503);
    expect((await vouchers('site=1')).vouchers.length).toBeGreaterThan(0); // the fault fired once
  });

  it('moves time', async () => {
    await sandbox.clock.set('2030-01-01T00:00:00Z'); // frozen there
    const clock = await sandbox.clock.advance(3600);
    expect(clock).toEqual({ now: '2030-01-01T01:00:00.000Z', frozen: true });
  });

  it('goes back to a snapshot', async () => {
    await sandbox.snapshot('before');
    await fetch(`${sandbox.urls.touchoffice}/vouchers?TAK=${sandbox.credentials.touchoffice.tak}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ number: 'TEMP-1', site: 0, type: 1, value: 100, active: true }]),
    });
    await sandbox.restore('before');
    expect((await vouchers('number=TEMP-1')).status).toBe(0);
  });
});
