import { json, type Load } from '../harness.ts';

/** Issue 2: one voucher by number, a 50-row page over 10,000 vouchers, transactions. */
export async function touchofficeLoads(url: string): Promise<Load[]> {
  const sandbox = await json(`${url}/_understudy/sandboxes`, { method: 'POST', body: JSON.stringify({ name: 'bench-touchoffice', fixtures: 'empty' }) });
  const tak = sandbox.credentials.touchoffice.tak;
  for (let batch = 0; batch < 10; batch++) {
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
  let sale = 0;
  return [
    { name: 'touchoffice GET /vouchers/{number}', path: `/touchoffice/vouchers/BENCH004242?TAK=${tak}` },
    { name: 'touchoffice GET /vouchers?site=0&limit=50 (10,000 vouchers)', path: `/touchoffice/vouchers?TAK=${tak}&site=0&limit=50` },
    {
      name: 'touchoffice POST /voucher_transactions',
      method: 'POST',
      path: `/touchoffice/voucher_transactions?TAK=${tak}`,
      body: () => `{"site":1,"saleID":${9_000_000_000 + ++sale},"voucherNumber":"BENCH000001","datetime":"2026-01-01 12:00:00","amount":100}`,
      verify: async () => {
        const v = await json(`${url}/touchoffice/vouchers/BENCH000001?TAK=${tak}`);
        return `${v.vouchers[0].uses} uses recorded for ${sale} transactions sent (warm-up included)`;
      },
    },
  ];
}
