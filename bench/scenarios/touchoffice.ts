import { countCheck, json, type Load } from '../harness.ts';

const VOUCHERS = 10_000;
const AMOUNT = 100;

/** Issue 2: one voucher by number, a 50-row page over 10,000 vouchers, transactions. */
export async function touchofficeLoads(url: string): Promise<Load[]> {
  const sandbox = await json(`${url}/_understudy/sandboxes`, { method: 'POST', body: JSON.stringify({ name: 'bench-touchoffice', fixtures: 'empty' }) });
  const tak = sandbox.credentials.touchoffice.tak;
  for (let batch = 0; batch < VOUCHERS / 1000; batch++) {
    const vouchers = Array.from({ length: 1000 }, (_, i) => ({
      number: `BENCH${String(batch * 1000 + i).padStart(6, '0')}`,
      type: (i % 2) + 1,
      name: `Voucher ${batch * 1000 + i}`,
      value: 1000,
      active: true,
    }));
    const res = await json(`${url}/touchoffice/vouchers?TAK=${tak}`, { method: 'POST', body: JSON.stringify(vouchers) });
    if (res.status !== 1) throw new Error(`seeding vouchers failed: ${JSON.stringify(res)}`);
  }
  // An unlimited discount voucher: every transaction is a new, accepted use.
  await json(`${url}/_understudy/sandboxes/${sandbox.id}/fixtures/touchoffice`, { method: 'POST', body: JSON.stringify({ sites: [{ id: 1, name: 'Till' }] }) });
  const voucher = async () => (await json(`${url}/touchoffice/vouchers/BENCH000001?TAK=${tak}`)).vouchers[0] as { uses: number; used_amount: number };
  const seed = `${VOUCHERS.toLocaleString('en')} vouchers (gift cards and discount vouchers, alternating) in an otherwise empty sandbox`;
  let sale = 0;
  let start = { uses: 0, used_amount: 0 };
  return [
    { name: 'touchoffice GET /vouchers/{number}', target: 'read', about: `one voucher by its number, among ${seed}`, path: `/touchoffice/vouchers/BENCH004242?TAK=${tak}` },
    { name: 'touchoffice GET /vouchers?site=0&limit=50 (10,000 vouchers)', target: 'list', about: `the first 50-voucher page of site 0, over ${seed}`, path: `/touchoffice/vouchers?TAK=${tak}&site=0&limit=50` },
    {
      name: 'touchoffice POST /voucher_transactions', target: 'write',
      about: `one use of discount voucher BENCH000001 (unlimited uses) at site 1, each with a new saleID, among ${seed}; checked: the voucher's uses and used_amount`,
      method: 'POST',
      path: `/touchoffice/voucher_transactions?TAK=${tak}`,
      body: () => `{"site":1,"saleID":${9_000_000_000 + ++sale},"voucherNumber":"BENCH000001","datetime":"2026-01-01 12:00:00","amount":${AMOUNT}}`,
      before: async () => {
        start = await voucher();
      },
      verify: async (sent) => {
        const v = await voucher();
        const uses = v.uses - start.uses;
        const used = v.used_amount - start.used_amount;
        return countCheck('new uses recorded on BENCH000001', uses, sent, [
          [sent.acked.every((a) => a.status === 200 && JSON.parse(a.body).status === 1), 'every answer 200 {"status":1}'],
          [used === AMOUNT * uses, `used_amount +${used} = ${AMOUNT} × uses`],
        ]);
      },
    },
  ];
}
