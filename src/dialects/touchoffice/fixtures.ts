import { Type, type Static } from 'typebox';
import type { Tx } from '../../core/db/engine.ts';
import type { Seeding } from '../../core/dialect.ts';
import { raiseSequence } from '../../core/db/sequences.ts';
import type { SandboxScope } from '../../core/scope.ts';
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

export async function seed(s: SandboxScope, tx: Tx, seeding: Seeding<unknown>): Promise<void> {
  if (seeding.kind !== 'demo') return;
  await insertSites(tx, DEMO_SITES.map((site) => ({ sandbox_id: s.sandboxId, ...site })));
  await typed(tx)
    .insertInto('to_vouchers')
    .values(DEMO_VOUCHERS.map((v) => ({ sandbox_id: s.sandboxId, ...v })))
    .execute();
  await raiseSequence(tx, s.sandboxId, VOUCHER_SEQUENCE, 146);
}

/** Fixture bundle: `{"sites": [{"id": 2, "name": "Bar"}]}`; sites cannot be made through the vendor API. */
export const Bundle = Type.Object(
  {
    sites: Type.Array(
      Type.Object(
        {
          id: Type.Integer({ minimum: 1, maximum: SITE_MAX, title: 'site id', description: 'Int(11), as the document types site ids' }),
          name: Type.Optional(Type.String({ maxLength: 100, title: 'site name' })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);

/** Adds the sites, or renames those already there (a site without a name is `Site <id>`). */
export async function addBundle(s: SandboxScope, tx: Tx, bundle: Static<typeof Bundle>): Promise<unknown> {
  const sites = bundle.sites.map((site) => ({ id: site.id, name: site.name ?? `Site ${site.id}` }));
  for (const site of sites) await upsertSite(tx, { sandbox_id: s.sandboxId, ...site });
  return { sites };
}
