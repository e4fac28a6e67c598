import type { Tx } from '../../core/db/engine.ts';
import { FixtureError, type SeedContext } from '../../core/dialect.ts';
import { raiseSequence } from '../../core/db/sequences.ts';
import { SITE_MAX } from './schemas.ts';
import { insertSites, typed, upsertSite, VOUCHER_DEFAULTS, VOUCHER_SEQUENCE, type VoucherRow } from './store.ts';

/** The vouchers of the document's samples (touchoffice-vouchers.txt, "Vouchers API"). */
const DEMO_VOUCHERS: Array<Omit<VoucherRow, 'sandbox_id'>> = [
  // Every field the samples show; the rest (all null, active) as POST leaves them.
  {
    ...VOUCHER_DEFAULTS, id: 2, site: 0, number: 'XMSNWVPZRG', type: 1, name: '£10 Gift Voucher', description: '10 lots of £10 vouchers',
    startdate: '2016-12-02 01:00:00', enddate: '2017-12-02 12:36:00', value: 1000, flag: 0, maxuses: 0, uses: 3,
    used_amount: 1000, ifplus: '0',
  },
  {
    ...VOUCHER_DEFAULTS, id: 3, site: 0, number: 'OGWNFHUSFK', type: 1, name: '£10 Gift Voucher', description: '10 lots of £10 vouchers',
    startdate: '2016-12-02 00:00:00', enddate: '2017-12-02 00:00:00', value: 1000, flag: 0, maxuses: 0, uses: 3,
    used_amount: 3000, ifplus: '0',
  },
  {
    ...VOUCHER_DEFAULTS, id: 146, site: 0, number: 'ABCDEF123', type: 1, name: 'Test', description: 'Test Desc',
    startdate: '2016-12-08 00:00:00', enddate: '2017-12-08 00:00:00', value: 1000000, flag: 0, maxuses: 0, uses: 40,
    used_amount: 106623,
  },
];

/** The till site of the transaction sample (`"site": 1`). */
const DEMO_SITES = [{ id: 1, name: 'Demo Site 1' }];

export async function seed(tx: Tx, ctx: SeedContext): Promise<void> {
  if (ctx.fixtures !== 'demo') return;
  await insertSites(tx, DEMO_SITES.map((s) => ({ sandbox_id: ctx.sandboxId, ...s })));
  await typed(tx)
    .insertInto('to_vouchers')
    .values(DEMO_VOUCHERS.map((v) => ({ sandbox_id: ctx.sandboxId, ...v })))
    .execute();
  await raiseSequence(tx, ctx.sandboxId, VOUCHER_SEQUENCE, 146);
}

/** Fixture bundle: `{"sites": [{"id": 2, "name": "Bar"}]}`; sites cannot be made through the vendor API. */
export async function addFixtures(tx: Tx, sandboxId: string, bundle: unknown): Promise<unknown> {
  const sites = (bundle as { sites?: unknown })?.sites;
  if (!Array.isArray(sites) || sites.length === 0) throw new FixtureError('the touchoffice bundle is {"sites": [{"id": <positive integer>, "name": <string>}]}');
  const added = [];
  for (const s of sites as Array<{ id?: unknown; name?: unknown }>) {
    if (!Number.isInteger(s.id) || (s.id as number) <= 0 || (s.id as number) > SITE_MAX) {
      throw new FixtureError(`site id must be an integer from 1 to ${SITE_MAX}, got ${JSON.stringify(s.id)}`);
    }
    const name = s.name === undefined ? `Site ${s.id}` : s.name;
    if (typeof name !== 'string' || name.length > 100) throw new FixtureError(`site name must be a string of at most 100 characters`);
    await upsertSite(tx, { sandbox_id: sandboxId, id: s.id as number, name });
    added.push({ id: s.id, name });
  }
  return { sites: added };
}
