import { describe, expect, it } from 'vitest';
import { ENGINE } from '../helpers/app.ts';
import { freshDatabase, useServeProcesses } from '../helpers/process.ts';

/** CONTRACT.md, "Starting and stopping", as a user runs it: `understudy serve` in its own process. */
describe('understudy serve', () => {
  const start = useServeProcesses();

  it('prints the ready line, answers health, and creates the demo sandbox with the fixed credentials', async () => {
    const db = await freshDatabase();
    const p = await start(['--port', '0', ...db.args], db.env);
    expect(p.stdout()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    const health = await fetch(`${p.url}/_understudy/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', engine: ENGINE });
    const demo = await (await fetch(`${p.url}/_understudy/sandboxes/demo`)).json();
    expect(demo.credentials).toEqual({
      revel: { apiKey: 'demo-revel-key', apiSecret: 'demo-revel-secret' },
      intouch: { account: 'demo', apiToken: 'demo-intouch-token' },
      touchoffice: { tak: 'DEMOTAK' },
      comeback: { token: 'demo-comeback-token' },
      reversio: { subscriptionKey: 'demo-reversio-key', secretValue: 'demo-reversio-secret' },
    });
    const vouchers = await (await fetch(`${p.url}/touchoffice/vouchers/XMSNWVPZRG?TAK=DEMOTAK`)).json();
    expect(vouchers.vouchers[0].id).toBe(2);
  });

  it('takes the port from PORT and the database from UNDERSTUDY_DB / DATABASE_URL', async () => {
    const db = await freshDatabase();
    const env = { ...db.env, PORT: '0', ...(db.args.length ? { UNDERSTUDY_DB: db.args[1] } : {}) };
    const p = await start([], env);
    expect(p.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await (await fetch(`${p.url}/_understudy/health`)).json()).engine).toBe(ENGINE);
  });

  it('on SIGTERM finishes the request in flight, then exits 0', async () => {
    const db = await freshDatabase();
    const p = await start(['--port', '0', ...db.args], db.env);
    await fetch(`${p.url}/_understudy/sandboxes/demo/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ dialect: 'touchoffice', path: '/vouchers*', delayMs: 1500 }] }),
    });
    const slow = fetch(`${p.url}/touchoffice/vouchers/ABCDEF123?TAK=DEMOTAK`);
    await new Promise((r) => setTimeout(r, 300));
    p.proc.kill('SIGTERM');
    const res = await slow;
    expect(res.status).toBe(200);
    expect((await res.json()).vouchers[0].number).toBe('ABCDEF123');
    expect(await p.exited).toEqual({ code: 0, signal: null });
  });

  it('keeps an acknowledged write through kill -9', async () => {
    const db = await freshDatabase();
    const first = await start(['--port', '0', ...db.args], db.env);
    const created = await (
      await fetch(`${first.url}/touchoffice/vouchers?TAK=DEMOTAK`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ number: 'SURVIVOR01', type: 1, value: 500 }]),
      })
    ).json();
    expect(created.status).toBe(1);
    first.proc.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const second = await start(['--port', '0', ...db.args], db.env);
    const found = await (await fetch(`${second.url}/touchoffice/vouchers/SURVIVOR01?TAK=DEMOTAK`)).json();
    expect(found.vouchers[0]).toMatchObject({ number: 'SURVIVOR01', value: 500, id: created.vouchers[0].id });
  });

  it('refuses a non-loopback host without UNDERSTUDY_ADMIN_TOKEN, with a clear message', async () => {
    const p = await start(['--port', '0', '--host', '0.0.0.0', '--db', ':memory:']);
    const { code } = await p.exited;
    expect(code).not.toBe(0);
    expect(p.stderr()).toMatch(/UNDERSTUDY_ADMIN_TOKEN/);
    expect(p.url).toBe('');
  });

  it('binds a non-loopback host with a token, and then the control API needs it', async () => {
    const p = await start(['--port', '0', '--host', '0.0.0.0', '--db', ':memory:'], { UNDERSTUDY_ADMIN_TOKEN: 'cli-admin-token' });
    const local = p.url.replace('0.0.0.0', '127.0.0.1');
    expect((await fetch(`${local}/_understudy/sandboxes`)).status).toBe(401);
    const ok = await fetch(`${local}/_understudy/sandboxes`, { headers: { authorization: 'Bearer cli-admin-token' } });
    expect(ok.status).toBe(200);
    // The vendor APIs are not behind the admin token: they use their own credentials.
    expect((await (await fetch(`${local}/touchoffice/vouchers/ABCDEF123?TAK=DEMOTAK`)).json()).status).toBe(1);
  });

  it('rejects a bad port with a usage error', async () => {
    const p = await start(['--port', 'eighty']);
    expect((await p.exited).code).not.toBe(0);
    expect(p.stderr()).toMatch(/port/);
  });
});
