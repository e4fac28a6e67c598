import { beforeEach, describe, expect, it } from 'vitest';
import { useSandbox, useTestApp } from '../helpers/app.ts';

/**
 * Issue 2, "Concurrency": 200 simultaneous transactions on one voucher with `maxuses` 50
 * record exactly 50 uses, on SQLite and on PostgreSQL. Real concurrent HTTP requests to a
 * listening server (not `inject`), so requests truly overlap in the server and the database.
 */
const CONCURRENT = 200;

describe('touchoffice: concurrent voucher transactions over real HTTP', () => {
  const app = useTestApp({}, { listen: true });
  const own = useSandbox(app);

  async function create(voucher: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${app.url}/touchoffice/vouchers?TAK=${own.tak}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([voucher]) });
    expect((await res.json()).status).toBe(1);
  }

  async function read(number: string): Promise<{ uses: number; used_amount: number }> {
    const res = await fetch(`${app.url}/touchoffice/vouchers/${number}?TAK=${own.tak}`);
    const body = await res.json();
    expect(body.status).toBe(1);
    return body.vouchers[0];
  }

  /** Fires every body at once and waits for all the answers. */
  async function fireAll(bodies: string[]): Promise<Array<{ http: number; body: { status: number; msg?: string } }>> {
    return Promise.all(
      bodies.map(async (body) => {
        const res = await fetch(`${app.url}/touchoffice/voucher_transactions?TAK=${own.tak}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        return { http: res.status, body: await res.json() };
      }),
    );
  }

  async function salesCount(number: string): Promise<number> {
    const rows = await app.t.core.db.selectFrom('to_voucher_transactions').select('id').where('sandbox_id', '=', own.id).where('voucher_number', '=', number).execute();
    return rows.length;
  }

  it('maxuses 50 and 200 simultaneous sales (distinct saleIDs): exactly 50 succeed, 150 are refused, uses is 50', async () => {
    await create({ number: 'RUSH50', type: 2, value: 10, maxuses: 50, active: true });
    const answers = await fireAll(
      Array.from({ length: CONCURRENT }, (_, i) => JSON.stringify({ site: 1, saleID: 900000 + i, voucherNumber: 'RUSH50', datetime: '2020-01-01 12:00:00', amount: 5 })),
    );
    for (const a of answers) expect(a.http).toBe(200);
    const accepted = answers.filter((a) => a.body.status === 1);
    const refused = answers.filter((a) => a.body.status === 0);
    expect(accepted).toHaveLength(50);
    expect(refused).toHaveLength(150);
    for (const r of refused) expect(r.body.msg).toMatch(/max|uses/i);
    expect(await read('RUSH50')).toMatchObject({ uses: 50, used_amount: 250 });
    expect(await salesCount('RUSH50')).toBe(50);
  });

  it('a Partial Redeem gift card of value 1000 and 200 simultaneous sales of 30: used_amount never exceeds 1000 and is 30 × accepted', async () => {
    await create({ number: 'RUSHGIFT', type: 1, flag: 1, value: 1000, maxuses: 0, active: true });
    const answers = await fireAll(
      Array.from({ length: CONCURRENT }, (_, i) => JSON.stringify({ site: 1, saleID: 800000 + i, voucherNumber: 'RUSHGIFT', amount: 30 })),
    );
    for (const a of answers) expect(a.http).toBe(200);
    const accepted = answers.filter((a) => a.body.status === 1).length;
    const refused = answers.filter((a) => a.body.status === 0);
    const after = await read('RUSHGIFT');
    expect(after.used_amount).toBeLessThanOrEqual(1000);
    expect(after.used_amount).toBe(30 * accepted);
    expect(after.uses).toBe(accepted);
    // Every sale is the same amount, so the order does not matter: floor(1000 / 30) = 33 fit.
    expect(accepted).toBe(33);
    expect(refused).toHaveLength(CONCURRENT - 33);
    for (const r of refused) expect(r.body.msg).toMatch(/exceed|remain/i);
    expect(await salesCount('RUSHGIFT')).toBe(33);
  });

  it('the same sale sent 200 times at once (a client retrying) is one use', async () => {
    await create({ number: 'RUSHRETRY', type: 1, value: 5000, active: true });
    const body = '{"site": 1, "saleID": 123456789012345678901234567890, "voucherNumber": "RUSHRETRY", "amount": 700}';
    const answers = await fireAll(Array.from({ length: CONCURRENT }, () => body));
    for (const a of answers) {
      expect(a.http).toBe(200);
      expect(a.body).toStrictEqual({ status: 1 });
    }
    expect(await read('RUSHRETRY')).toMatchObject({ uses: 1, used_amount: 700 });
    expect(await salesCount('RUSHRETRY')).toBe(1);
  });
});
