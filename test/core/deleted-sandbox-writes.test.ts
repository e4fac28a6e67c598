import { describe, expect, it } from 'vitest';
import { findByCredential } from '../../src/core/sandboxes/store.ts';
import { ENGINE, useTestApp } from '../helpers/app.ts';

/**
 * A vendor write whose credential resolved just before its sandbox was deleted (on SQLite the
 * resolved context is cached in the process; here a stale entry is put back on purpose) is
 * answered as an unknown credential in each dialect's own shape, and leaves no row behind.
 * On PostgreSQL nothing is cached, so the credential itself is refused; the lock that guards
 * the in-flight case there is pinned by sandbox-delete-race.test.ts.
 */
describe('a vendor write for a sandbox deleted after its credential was checked', () => {
  const app = useTestApp();

  async function staleWrite(dialect: string, key: (c: any) => string, send: (c: any) => Promise<{ status: number; body: any; text: string }>) {
    const { core } = app.t;
    const sb = await app.t.sandbox('demo');
    const context = await findByCredential(core.db, dialect, 'primary', key(sb.credentials));
    expect(context?.sandbox.id).toBe(sb.id);
    expect((await app.t.call({ method: 'DELETE', url: `/_understudy/sandboxes/${sb.id}` })).status).toBe(204);
    core.sandboxContexts.set(dialect, 'primary', key(sb.credentials), context!);
    const res = await send(sb.credentials);
    for (const table of Object.keys(core.tables)) {
      const left = await core.db.selectFrom(table).select('sandbox_id').where('sandbox_id', '=', sb.id).execute();
      expect(left, `${table} rows left for ${ENGINE}`).toEqual([]);
    }
    return res;
  }

  it('TouchOffice POST vouchers: {"status": 0, "auth": "false"}', async () => {
    const res = await staleWrite('touchoffice', (c) => c.touchoffice.tak, (c) =>
      app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${c.touchoffice.tak}`, payload: [{ number: 'ORPHAN0001', type: 1 }] }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 0, auth: 'false' });
  });

  it('Revel POST Product: 401 with an empty body', async () => {
    const res = await staleWrite('revel', (c) => c.revel.apiKey, (c) =>
      app.t.call({
        method: 'POST',
        url: '/revel/resources/Product/',
        headers: { 'api-authentication': `${c.revel.apiKey}:${c.revel.apiSecret}` },
        payload: { name: 'Orphan', establishment: '/enterprise/Establishment/1/' },
      }),
    );
    expect(res.status).toBe(401);
    expect(res.text).toBe('');
  });

  it('Comeback POST customers: 401 {"error"}', async () => {
    const res = await staleWrite('comeback', (c) => c.comeback.token, (c) =>
      app.t.call({ method: 'POST', url: '/comeback/v1/customers', headers: { authorization: c.comeback.token }, payload: { name: 'Orphan', phoneNumber: '+34600000001' } }),
    );
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: expect.any(String) });
  });
});
