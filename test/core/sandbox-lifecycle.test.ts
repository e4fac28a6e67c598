import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';

/**
 * CONTRACT.md, "The control API": create (demo or empty fixtures), list, get, delete, reset.
 * TouchOffice is the vendor traffic that shows what a sandbox holds and whom its credentials admit.
 */
const NO_DATA = { status: 0, msg: 'No Data Available for the parameters you supplied' };
const DEMO_NUMBERS = ['XMSNWVPZRG', 'OGWNFHUSFK', 'ABCDEF123'];

const nonEmpty = expect.stringMatching(/\S/);
const CREDENTIALS_SHAPE = {
  revel: { apiKey: nonEmpty, apiSecret: nonEmpty },
  intouch: { account: nonEmpty, apiToken: nonEmpty },
  touchoffice: { tak: nonEmpty },
  comeback: { token: nonEmpty },
  reversio: { subscriptionKey: nonEmpty, secretValue: nonEmpty },
};

function credentialValues(credentials: Record<string, Record<string, string>>): string[] {
  return Object.values(credentials).flatMap((c) => Object.values(c));
}

describe('sandbox lifecycle through /_understudy/sandboxes', () => {
  const app = useTestApp();

  const create = (payload?: unknown) => app.t.call({ method: 'POST', url: '/_understudy/sandboxes', ...(payload === undefined ? {} : { payload: payload as object }) });
  const vouchers = async (tak: string) => (await app.t.call({ method: 'GET', url: `/touchoffice/vouchers?TAK=${tak}` })).body;
  const numbers = async (tak: string) => ((await vouchers(tak)).vouchers ?? []).map((v: { number: string }) => v.number);

  it('POST /sandboxes answers 201 {id, name, credentials} with a credential for every dialect, demo fixtures by default', async () => {
    const res = await create({});
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: nonEmpty, name: nonEmpty, credentials: CREDENTIALS_SHAPE });
    expect(await numbers(res.body.credentials.touchoffice.tak)).toEqual(DEMO_NUMBERS);
  });

  it('keeps the name given', async () => {
    const name = `checkout tests ${randomUUID()}`;
    const res = await create({ name, fixtures: 'demo' });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe(name);
    expect((await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${res.body.id}` })).body.name).toBe(name);
  });

  it('gives two sandboxes different ids and no shared credential', async () => {
    const a = (await create({})).body;
    const b = (await create({})).body;
    expect(a.id).not.toBe(b.id);
    const shared = credentialValues(a.credentials).filter((v) => credentialValues(b.credentials).includes(v));
    expect(shared).toEqual([]);
  });

  it('POST /sandboxes with no body at all makes a demo sandbox', async () => {
    const res = await create();
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: nonEmpty, credentials: CREDENTIALS_SHAPE });
    expect(await numbers(res.body.credentials.touchoffice.tak)).toEqual(DEMO_NUMBERS);
  });

  it('POST /sandboxes with an empty JSON body (content-type set, nothing sent) makes a demo sandbox', async () => {
    const res = await app.t.call({ method: 'POST', url: '/_understudy/sandboxes', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(201);
    expect(await numbers(res.body.credentials.touchoffice.tak)).toEqual(DEMO_NUMBERS);
  });

  it('"empty" fixtures hold no vouchers', async () => {
    const res = await create({ fixtures: 'empty' });
    expect(res.status).toBe(201);
    const tak = res.body.credentials.touchoffice.tak;
    expect(await vouchers(tak)).toStrictEqual(NO_DATA);
    expect((await app.t.call({ method: 'GET', url: `/touchoffice/vouchers/ABCDEF123?TAK=${tak}` })).body).toStrictEqual(NO_DATA);
  });

  it('list and get show the sandbox with the credentials it was created with', async () => {
    const made = (await create({ name: `listed ${randomUUID()}` })).body;
    const got = await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${made.id}` });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: made.id, name: made.name, credentials: made.credentials });
    const list = await app.t.call({ method: 'GET', url: '/_understudy/sandboxes' });
    expect(list.status).toBe(200);
    const listed = list.body.sandboxes.find((s: { id: string }) => s.id === made.id);
    expect(listed).toMatchObject({ id: made.id, name: made.name, credentials: made.credentials });
  });

  it('DELETE answers 204; then its credentials no longer authenticate and the sandbox is 404', async () => {
    const made = (await create({})).body;
    const tak = made.credentials.touchoffice.tak;
    expect((await vouchers(tak)).status).toBe(1);

    const del = await app.t.call({ method: 'DELETE', url: `/_understudy/sandboxes/${made.id}` });
    expect(del.status).toBe(204);
    expect(del.text).toBe('');

    // FIDELITY.md: TouchOffice answers an unknown TAK with `"auth": "false"`.
    expect(await vouchers(tak)).toMatchObject({ status: 0, auth: 'false' });
    const get = await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${made.id}` });
    expect(get.status).toBe(404);
    expect(get.body).toEqual({ error: expect.any(String) });
    expect((await app.t.call({ method: 'DELETE', url: `/_understudy/sandboxes/${made.id}` })).status).toBe(404);
    const list = await app.t.call({ method: 'GET', url: '/_understudy/sandboxes' });
    expect(list.body.sandboxes.map((s: { id: string }) => s.id)).not.toContain(made.id);
  });

  it('DELETE leaves no row of the sandbox behind, even of requests it answered just before', async () => {
    const made = (await create({})).body;
    const tak = made.credentials.touchoffice.tak;
    const control = `/_understudy/sandboxes/${made.id}`;
    await app.t.call({ method: 'PUT', url: `${control}/webhooks/touchoffice`, payload: { url: 'http://127.0.0.1:9/hook' } });
    await app.t.call({ method: 'PUT', url: `${control}/faults`, payload: { rules: [{ path: '/never', status: 500 }] } });
    await app.t.call({ method: 'POST', url: `${control}/snapshots`, payload: { name: 'kept?' } });
    await app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${tak}`, payload: [{ type: 1, value: 100 }] });
    await app.t.call({ method: 'GET', url: `/touchoffice/vouchers?TAK=${tak}` });

    // Requests still being answered while the sandbox goes: their journal entries must not outlive it.
    const during = Array.from({ length: 20 }, () => app.t.call({ method: 'GET', url: `/touchoffice/vouchers/ABCDEF123?TAK=${tak}` }));
    expect((await app.t.call({ method: 'DELETE', url: control })).status).toBe(204);
    await Promise.all(during);
    // Journal writes are batched after the response: let any pending batch land first.
    await app.t.core.journal.flush();
    const tables = Object.keys(app.t.core.tables);
    const left: Record<string, number> = {};
    for (const table of tables) {
      const rows = await app.t.core.db.selectFrom(table).select('sandbox_id').where('sandbox_id', '=', made.id).execute();
      if (rows.length) left[table] = rows.length;
    }
    expect(left).toEqual({});
    expect(await app.t.core.db.selectFrom('sandboxes').select('id').where('id', '=', made.id).execute()).toEqual([]);
  });

  it('reset puts the data back to the fixtures and keeps the credentials (and the id sequence starts over)', async () => {
    const made = (await create({})).body;
    const tak = made.credentials.touchoffice.tak;
    const original = await vouchers(tak);

    await app.t.call({ method: 'DELETE', url: `/touchoffice/vouchers/XMSNWVPZRG?TAK=${tak}` });
    await app.t.call({ method: 'PATCH', url: `/touchoffice/vouchers/ABCDEF123?TAK=${tak}`, payload: { name: 'changed' } });
    const first = await app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${tak}`, payload: [{ type: 1, number: 'BEFORERESET', value: 500 }] });
    expect(first.body.status).toBe(1);
    expect(await vouchers(tak)).not.toStrictEqual(original);

    const reset = await app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${made.id}/reset` });
    expect(reset.status).toBe(200);
    expect(await vouchers(tak)).toStrictEqual(original);
    expect((await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${made.id}` })).body.credentials).toStrictEqual(made.credentials);

    const again = await app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${tak}`, payload: [{ type: 1, number: 'AFTERRESET', value: 500 }] });
    expect(again.body.vouchers[0].id).toBe(first.body.vouchers[0].id);
  });

  it('concurrent resets all answer 200 and leave the fixtures', async () => {
    const made = (await create({})).body;
    const tak = made.credentials.touchoffice.tak;
    const original = await vouchers(tak);
    await app.t.call({ method: 'DELETE', url: `/touchoffice/vouchers/ABCDEF123?TAK=${tak}` });
    const resets = await Promise.all(Array.from({ length: 8 }, () => app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${made.id}/reset` })));
    expect(resets.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(await vouchers(tak)).toStrictEqual(original);
  });

  it('reset of an "empty" sandbox empties it again', async () => {
    const made = (await create({ fixtures: 'empty' })).body;
    const tak = made.credentials.touchoffice.tak;
    expect((await app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${tak}`, payload: [{ type: 2, value: 10 }] })).body.status).toBe(1);
    expect((await app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${made.id}/reset` })).status).toBe(200);
    expect(await vouchers(tak)).toStrictEqual(NO_DATA);
  });

  it('answers 404 {"error"} for an unknown sandbox id on every sandbox route', async () => {
    const id = `no-such-${randomUUID()}`;
    const calls: Array<{ method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; payload?: object }> = [
      { method: 'GET', url: `/_understudy/sandboxes/${id}` },
      { method: 'DELETE', url: `/_understudy/sandboxes/${id}` },
      { method: 'POST', url: `/_understudy/sandboxes/${id}/reset` },
      { method: 'POST', url: `/_understudy/sandboxes/${id}/snapshots`, payload: { name: 's' } },
      { method: 'GET', url: `/_understudy/sandboxes/${id}/snapshots` },
      { method: 'POST', url: `/_understudy/sandboxes/${id}/snapshots/s/restore` },
      { method: 'GET', url: `/_understudy/sandboxes/${id}/clock` },
      { method: 'PUT', url: `/_understudy/sandboxes/${id}/clock`, payload: { advanceSeconds: 1 } },
      { method: 'DELETE', url: `/_understudy/sandboxes/${id}/clock` },
      { method: 'GET', url: `/_understudy/sandboxes/${id}/requests` },
      { method: 'PUT', url: `/_understudy/sandboxes/${id}/webhooks/touchoffice`, payload: { url: 'http://127.0.0.1:9/hook' } },
      { method: 'GET', url: `/_understudy/sandboxes/${id}/deliveries` },
      { method: 'POST', url: `/_understudy/sandboxes/${id}/deliveries/1/retry` },
      { method: 'PUT', url: `/_understudy/sandboxes/${id}/faults`, payload: { rules: [] } },
      { method: 'POST', url: `/_understudy/sandboxes/${id}/fixtures/touchoffice`, payload: { sites: [{ id: 2 }] } },
    ];
    for (const c of calls) {
      const res = await app.t.call(c);
      expect({ call: `${c.method} ${c.url}`, status: res.status, body: res.body }).toEqual({
        call: `${c.method} ${c.url}`,
        status: 404,
        body: { error: expect.any(String) },
      });
    }
  });

  it('answers 400 {"error"} to a bad body and creates nothing', async () => {
    const tag = randomUUID();
    const bad: Array<{ payload: string; note: string }> = [
      { payload: JSON.stringify({ name: 5 }), note: 'name not a string' },
      { payload: JSON.stringify({ name: `bad-fixtures-${tag}`, fixtures: 'full' }), note: 'unknown fixtures' },
      { payload: JSON.stringify({ name: `bad-fixtures-type-${tag}`, fixtures: 1 }), note: 'fixtures not a string' },
      { payload: JSON.stringify({ name: '' }), note: 'empty name' },
      { payload: JSON.stringify({ name: `extra-${tag}`, colour: 'red' }), note: 'unknown field' },
      { payload: '[]', note: 'an array' },
      { payload: '"demo"', note: 'a string' },
      { payload: 'null', note: 'null' },
      { payload: `{"name": "malformed-${tag}"`, note: 'malformed JSON' },
    ];
    for (const b of bad) {
      const res = await app.t.call({ method: 'POST', url: '/_understudy/sandboxes', headers: { 'content-type': 'application/json' }, payload: b.payload });
      expect({ note: b.note, status: res.status, body: res.body }).toEqual({ note: b.note, status: 400, body: { error: expect.any(String) } });
    }
    const list = await app.t.call({ method: 'GET', url: '/_understudy/sandboxes' });
    expect(list.body.sandboxes.filter((s: { name: string }) => s.name.includes(tag))).toEqual([]);
  });
});
