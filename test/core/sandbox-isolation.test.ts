import { beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';

/**
 * CONTRACT.md: "A credential identifies its sandbox; nothing of one sandbox is ever visible
 * through another's credentials." Data made in sandbox A is out of reach of B's TAK: reads find
 * nothing, writes are refused, and A's data is exactly as it was.
 */
const NO_DATA = { status: 0, msg: 'No Data Available for the parameters you supplied' };

describe('sandbox isolation', () => {
  const app = useTestApp();
  let a: { id: string; tak: string };
  let b: { id: string; tak: string };
  beforeEach(async () => {
    const sa = await app.t.sandbox('demo');
    const sb = await app.t.sandbox('demo');
    a = { id: sa.id, tak: sa.credentials.touchoffice.tak };
    b = { id: sb.id, tak: sb.credentials.touchoffice.tak };
  });

  const get = (tak: string, path: string) => app.t.call({ method: 'GET', url: `/touchoffice${path}${path.includes('?') ? '&' : '?'}TAK=${tak}` });
  const listing = async (tak: string) => (await get(tak, '/vouchers')).body;
  const transaction = (tak: string, body: object) => app.t.call({ method: 'POST', url: `/touchoffice/voucher_transactions?TAK=${tak}`, payload: body });

  it("a voucher created in A cannot be read, changed, deleted or used with B's credentials, and stays as it was", async () => {
    const made = await app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${a.tak}`, payload: [{ type: 1, number: 'ONLYINA', name: 'A only', value: 5000 }] });
    expect(made.body.status).toBe(1);
    const aBefore = await listing(a.tak);
    const bBefore = await listing(b.tak);
    expect(aBefore.vouchers.map((v: { number: string }) => v.number)).toContain('ONLYINA');

    expect((await get(b.tak, '/vouchers/ONLYINA')).body).toStrictEqual(NO_DATA);
    expect((await get(b.tak, '/vouchers?number=ONLYINA')).body).toStrictEqual(NO_DATA);
    expect(bBefore.vouchers.map((v: { number: string }) => v.number)).not.toContain('ONLYINA');

    const patch = await app.t.call({ method: 'PATCH', url: `/touchoffice/vouchers/ONLYINA?TAK=${b.tak}`, payload: { name: 'stolen', value: 1 } });
    expect(patch.body.status).toBe(0);
    const del = await app.t.call({ method: 'DELETE', url: `/touchoffice/vouchers/ONLYINA?TAK=${b.tak}` });
    expect(del.body.status).toBe(0);
    const use = await transaction(b.tak, { site: 1, saleID: 1, voucherNumber: 'ONLYINA', amount: 100 });
    expect(use.body.status).toBe(0);

    expect(await listing(a.tak)).toStrictEqual(aBefore);
    expect(await listing(b.tak)).toStrictEqual(bBefore);
  });

  it('the same voucher number and id exist independently in each sandbox', async () => {
    const inA = await app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${a.tak}`, payload: [{ type: 1, number: 'SAMENUMBER', name: 'in A', value: 100 }] });
    const inB = await app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${b.tak}`, payload: [{ type: 2, number: 'SAMENUMBER', name: 'in B', value: 10 }] });
    expect(inA.body.status).toBe(1);
    expect(inB.body.status).toBe(1);
    // Ids are per sandbox: both are the first voucher made after the demo's 146.
    expect(inA.body.vouchers[0].id).toBe(inB.body.vouchers[0].id);
    expect((await get(a.tak, '/vouchers/SAMENUMBER')).body.vouchers[0]).toMatchObject({ name: 'in A', type: 1, value: 100 });
    expect((await get(b.tak, '/vouchers/SAMENUMBER')).body.vouchers[0]).toMatchObject({ name: 'in B', type: 2, value: 10 });
  });

  it("changing and using a demo voucher in B leaves A's copy untouched", async () => {
    const aBefore = await listing(a.tak);
    await app.t.call({ method: 'PUT', url: `/_understudy/sandboxes/${b.id}/clock`, payload: { now: '2017-06-01T12:00:00Z', frozen: true } });
    expect((await app.t.call({ method: 'PATCH', url: `/touchoffice/vouchers/ABCDEF123?TAK=${b.tak}`, payload: { name: 'B renamed' } })).body.status).toBe(1);
    expect((await transaction(b.tak, { site: 1, saleID: 77, voucherNumber: 'ABCDEF123', amount: 1000 })).body).toStrictEqual({ status: 1 });
    expect((await app.t.call({ method: 'DELETE', url: `/touchoffice/vouchers/XMSNWVPZRG?TAK=${b.tak}` })).body.status).toBe(1);

    expect((await get(b.tak, '/vouchers/ABCDEF123')).body.vouchers[0]).toMatchObject({ name: 'B renamed', uses: 41 });
    expect(await listing(a.tak)).toStrictEqual(aBefore);
  });

  it("B's clock does not move A's: the same use is accepted in B and refused in A", async () => {
    await app.t.call({ method: 'PUT', url: `/_understudy/sandboxes/${b.id}/clock`, payload: { now: '2017-06-01T12:00:00Z', frozen: true } });
    await app.t.call({ method: 'PUT', url: `/_understudy/sandboxes/${a.id}/clock`, payload: { now: '2019-06-01T12:00:00Z', frozen: true } });
    const use = { site: 1, saleID: 5, voucherNumber: 'ABCDEF123', amount: 10 };
    expect((await transaction(b.tak, use)).body).toStrictEqual({ status: 1 });
    expect((await transaction(a.tak, use)).body.status).toBe(0);
    expect((await get(a.tak, '/vouchers/ABCDEF123')).body.vouchers[0].uses).toBe(40);
  });

  it("A's request journal shows none of B's requests", async () => {
    await get(b.tak, '/vouchers/ONLYSEENBYB');
    await get(a.tak, '/vouchers/ONLYSEENBYA');
    const journalOf = async (id: string) =>
      ((await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${id}/requests` })).body.requests as Array<{ path: string }>).map((r) => r.path);
    expect(await journalOf(a.id)).toEqual(['/vouchers/ONLYSEENBYA']);
    expect(await journalOf(b.id)).toEqual(['/vouchers/ONLYSEENBYB']);
  });
});
