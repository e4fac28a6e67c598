import { beforeEach, describe, expect, it } from 'vitest';
import { useSandbox, useTestApp } from '../helpers/app.ts';

/**
 * CONTRACT.md: `POST …/snapshots {"name"}` → 201, a named copy of all the sandbox's data;
 * `POST …/snapshots/{name}/restore` → 200, data exactly as at the snapshot. "Data" includes
 * what the vendor API only shows indirectly: recorded sales and the per-sandbox id counters.
 */
describe('snapshots and restore', () => {
  const app = useTestApp();
  const own = useSandbox(app);
  beforeEach(async () => {
    // Inside the demo vouchers' validity window, so transactions are accepted.
    await app.t.call({ method: 'PUT', url: `/_understudy/sandboxes/${own.id}/clock`, payload: { now: '2017-06-01T12:00:00Z', frozen: true } });
  });

  const listing = async (key = own.tak) => (await app.t.call({ method: 'GET', url: `/touchoffice/vouchers?TAK=${key}` })).body;
  const voucher = async (number: string, key = own.tak) => (await app.t.call({ method: 'GET', url: `/touchoffice/vouchers/${number}?TAK=${key}` })).body.vouchers?.[0];
  const createVoucher = async (number: string, key = own.tak) => {
    const res = await app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${key}`, payload: [{ type: 2, number, name: number.slice(0, 20), value: 10 }] });
    expect(res.body.status).toBe(1);
    return res.body.vouchers[0];
  };
  const sale = async (saleID: number, amount: number) => {
    const res = await app.t.call({ method: 'POST', url: `/touchoffice/voucher_transactions?TAK=${own.tak}`, payload: { site: 1, saleID, voucherNumber: 'ABCDEF123', amount } });
    expect(res.body).toStrictEqual({ status: 1 });
  };
  const snapshot = (name: string, sandbox = own.id) => app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${sandbox}/snapshots`, payload: { name } });
  const restore = (name: string, sandbox = own.id) => app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${sandbox}/snapshots/${name}/restore` });

  it('restore brings back exactly the data at the snapshot after creates, patches, deletes and transactions', async () => {
    await sale(1001, 100);
    const atSnapshot = await listing();

    const snap = await snapshot('before');
    expect(snap.status).toBe(201);

    await createVoucher('AFTERSNAP');
    expect((await app.t.call({ method: 'PATCH', url: `/touchoffice/vouchers/OGWNFHUSFK?TAK=${own.tak}`, payload: { name: 'renamed', active: false, value: 1 } })).body.status).toBe(1);
    expect((await app.t.call({ method: 'DELETE', url: `/touchoffice/vouchers/XMSNWVPZRG?TAK=${own.tak}` })).body.status).toBe(1);
    await sale(2002, 50);
    expect(await listing()).not.toStrictEqual(atSnapshot);

    const res = await restore('before');
    expect(res.status).toBe(200);
    expect(await listing()).toStrictEqual(atSnapshot);
  });

  it('restores the recorded sales: a sale from before the snapshot is still known, one from after is forgotten', async () => {
    await sale(1001, 100);
    expect((await voucher('ABCDEF123')).uses).toBe(41);
    await snapshot('one-sale');
    await sale(2002, 50);
    expect((await voucher('ABCDEF123')).uses).toBe(42);

    await restore('one-sale');
    // The same saleID again is the same use (touchoffice issue): 1001 is remembered, no new use.
    await sale(1001, 100);
    expect((await voucher('ABCDEF123')).uses).toBe(41);
    // 2002 happened after the snapshot: after restore it is a new sale.
    await sale(2002, 50);
    expect(await voucher('ABCDEF123')).toMatchObject({ uses: 42, used_amount: 106623 + 100 + 50 });
  });

  it('restores the id sequences: a voucher made after restore gets the id one made right after the snapshot got', async () => {
    await snapshot('ids');
    const first = await createVoucher('FIRSTAFTER');
    await createVoucher('SECONDAFTER');
    await restore('ids');
    const again = await createVoucher('AGAINAFTER');
    expect(again.id).toBe(first.id);
  });

  it('a snapshot can be restored again and again, and the same name again replaces it', async () => {
    await snapshot('twice');
    await createVoucher('ONE');
    await restore('twice');
    await createVoucher('TWO');
    await restore('twice');
    expect(await voucher('ONE')).toBeUndefined();
    expect(await voucher('TWO')).toBeUndefined();

    await createVoucher('KEPT');
    expect((await snapshot('twice')).status).toBe(201);
    const replaced = await listing();
    await createVoucher('DROPPED');
    await restore('twice');
    expect(await listing()).toStrictEqual(replaced);
  });

  it('concurrent snapshots of one name and concurrent restores all succeed, ending at the snapshot', async () => {
    await createVoucher('BEFORERACE');
    const snaps = await Promise.all(Array.from({ length: 8 }, () => snapshot('race')));
    expect(snaps.map((r) => r.status)).toEqual(Array(8).fill(201));
    const atSnapshot = await listing();
    await createVoucher('AFTERRACE');
    const restores = await Promise.all(Array.from({ length: 8 }, () => restore('race')));
    expect(restores.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(await listing()).toStrictEqual(atSnapshot);
  });

  it('an unknown snapshot is 404, an unknown sandbox is 404, both with {"error"}, and nothing changes', async () => {
    await createVoucher('STAYS');
    const before = await listing();
    const missing = await restore('never-taken');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: expect.any(String) });
    expect(await listing()).toStrictEqual(before);

    const noSandbox = await restore('before', 'no-such-sandbox');
    expect(noSandbox.status).toBe(404);
    expect(noSandbox.body).toEqual({ error: expect.any(String) });
  });

  it('a snapshot needs a name: a missing, empty or non-string name is 400', async () => {
    for (const payload of [{}, { name: '' }, { name: 3 }, { name: 'x', extra: true }]) {
      const res = await app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${own.id}/snapshots`, payload });
      expect({ payload, status: res.status, body: res.body }).toEqual({ payload, status: 400, body: { error: expect.any(String) } });
    }
  });

  it('restoring in one sandbox does not touch another, and a snapshot is only restorable in its own sandbox', async () => {
    const other = await app.t.sandbox('demo');
    const otherTak = other.credentials.touchoffice.tak;

    await snapshot('mine');
    expect((await app.t.call({ method: 'DELETE', url: `/touchoffice/vouchers/ABCDEF123?TAK=${otherTak}` })).body.status).toBe(1);
    await createVoucher('OTHERS', otherTak);
    const otherBefore = await listing(otherTak);
    await createVoucher('MINE');

    expect((await restore('mine')).status).toBe(200);
    expect(await voucher('MINE')).toBeUndefined();
    expect(await listing(otherTak)).toStrictEqual(otherBefore);

    const foreign = await restore('mine', other.id);
    expect(foreign.status).toBe(404);
    expect(await listing(otherTak)).toStrictEqual(otherBefore);
  });
});
