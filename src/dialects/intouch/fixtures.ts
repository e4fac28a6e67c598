import { Type, type Static } from 'typebox';
import type { Tx } from '../../core/db/engine.ts';
import { raiseSequence } from '../../core/db/sequences.ts';
import { FixtureError, type Seeding } from '../../core/dialect.ts';
import type { SandboxScope } from '../../core/scope.ts';
import { deleteRecord, getRecord, insertRecords, upsertRecord } from '../../core/sync.ts';
import { STORE_STATUSES, SYNC_MODELS, where, type SyncModel } from './catalog.ts';
import type { IntouchCredentials } from './credentials.ts';
import { hashPassword } from './customers.ts';
import type { EarningRule } from './orders.ts';
import type { SoloSettings } from './stores.ts';
import { deleteRows, insertCard, insertCustomer, insertOrder, SEQUENCE, setSetting, upsertGroup, upsertInvoice, upsertTable } from './store.ts';

const at = (text: string) => Date.parse(`${text.replace(' ', 'T')}Z`);
const PLAIN_STORE = (id: number, name: string, username: string) => ({ id, phone: '938 00 00 00', geo: '41.7268582,1.8211535', address: `Carrer ${id}`, token: `store${id}token000`.slice(0, 16), city: 'Manresa', username, country: 'Spain', name });
const PLAIN_PRODUCT = (id: number, price: number, category = 1) => ({ points: Math.round(price / 10), product_category_id: category, id, price, tax: 1000, pointsRequired: null, deleted_at: null, photo: null, name: `Product ${id}` });
const SHIFT = { end: '23:59:00', start: '00:00:00', id: 1, daysOfWeek: [1, 2, 3, 4, 5, 6, 0] };

/**
 * The records revo-intouch.txt prints, by sync model, with their ids and values; records they
 * refer to without printing them (stores 5, 7, 11, products 4, 15, 913, 914, 2152) are added
 * with plain names so that every reference resolves.
 */
const DEMO_RECORDS: Record<SyncModel, Array<Record<string, unknown> & { id: number }>> = {
  stores: [
    { id: 1, phone: '669 68 65 61', geo: '41.7268582,1.8211535', address: 'Arquitecte Oms 2', token: 'ctzHxM48wBbRzZFM', city: 'Manresa', username: 'user1', country: 'Spain', name: 'An store' },
    PLAIN_STORE(2, 'Test Store', 'user1'),
    PLAIN_STORE(5, 'Store 5', 'user2'),
    PLAIN_STORE(7, 'Store 7', 'user2'),
    PLAIN_STORE(11, 'Store 11', 'user2'),
  ],
  categories: [
    { deleted_at: null, id: 1, name: 'Category 1' },
    { deleted_at: null, id: 2, name: 'Category 2' },
  ],
  shifts: [SHIFT],
  deliveryShifts: [SHIFT],
  products: [
    { points: 150, product_category_id: 1, id: 1, price: 1240, tax: 1000, pointsRequired: null, deleted_at: null, photo: 'cGs3lw7I6H.png', name: 'Product 1' },
    { points: 250, product_category_id: 1, id: 2, price: 652, tax: 1000, pointsRequired: null, deleted_at: null, photo: 'JmXM9ft8aV.png', name: 'Product 2' },
    { points: 350, product_category_id: 2, id: 3, price: 1840, tax: 1000, pointsRequired: null, deleted_at: null, photo: 'aaHwaf1Bql.png', name: 'Product 3' },
    PLAIN_PRODUCT(4, 120),
    PLAIN_PRODUCT(15, 1500),
    PLAIN_PRODUCT(913, 230, 2),
    PLAIN_PRODUCT(914, 110, 2),
    PLAIN_PRODUCT(2152, 70, 2),
  ],
  // The document prints the second without its id (and both without the envelope): ids 1 and 2.
  menuCategories: [
    { id: 1, name: 'Drinks', product_id: 1, order: 2 },
    { id: 2, name: 'Take away', product_id: 2, order: 1 },
  ],
  menuProducts: [
    { id: 1, product_id: 1, menu_category_id: 1, order: 2, price: 0 },
    { id: 2, product_id: 15, menu_category_id: 1, order: 1, price: 1500 },
  ],
  modifiers: [
    { id: 1, price: 0, modifier_category_id: 1, name: 'Small' },
    { id: 2, price: 1050, modifier_category_id: 1, name: 'XL' },
  ],
  modifierCategories: [
    { id: 1, deleted_at: null, type: 1, name: 'Size', isMandatory: 1 },
    { id: 2, type: 2, name: 'Toppings', isMandatory: 0 },
  ],
  productModifierCategories: [
    { product_id: 1, id: 1, deleted_at: null, modifier_category_id: 1 },
    { product_id: 1, id: 2, deleted_at: null, modifier_category_id: 1 },
  ],
  productStore: [
    { id: 3, product_id: 2152, store_id: 7, active: 1, price: 70, deleted_at: null, created_at: '2021-01-20T14:50:41.000000Z', updated_at: '2022-01-03T09:12:39.000000Z', config: null },
    { id: 5, product_id: 914, store_id: 5, active: 0, price: 110, deleted_at: null, created_at: '2021-02-10T10:43:57.000000Z', updated_at: '2021-10-29T09:26:10.000000Z', config: null },
  ],
  sellingFormatStore: [
    { id: 2, selling_format_id: 182, store_id: 5, active: 1, price: 200, deleted_at: null, created_at: '2021-04-09T08:30:47.000000Z', updated_at: '2021-04-09T08:30:49.000000Z' },
    { id: 3, selling_format_id: 330, store_id: 5, active: 1, price: 1000, deleted_at: null, created_at: '2021-04-12T15:41:53.000000Z', updated_at: '2021-10-29T09:26:15.000000Z' },
  ],
  kiosk: [
    {
      id: 1, pin: null, payment_modes: ['1', '5'], languages: null, payment_gateway_type: 3, payment_gateway_config: { adyen: { poiid: 'S1F2-000158213300423' } },
      theme: null, created_at: '2021-11-15 11:42:35', name: 'Kiosk', printer_ip: '10.0.1.236', store_id: 7, printer_driver: 1, config: '{"stop_service_on_print_error":"0"}',
    },
    {
      id: 2, pin: null, payment_modes: ['1', '5'], languages: null, payment_gateway_type: 3, payment_gateway_config: { adyen: { poiid: 'S1F2-000158213300423' } },
      theme: null, created_at: '2022-03-04 12:20:47', name: 'KIOSK OSKAR', printer_ip: '10.0.1.236', store_id: 11, printer_driver: 2, config: '{"stop_service_on_print_error":"0"}',
    },
  ],
};

/** "GET theme", the Stripe key a placeholder. */
const themeOf = (account: string) => ({
  account,
  appName: 'Awesome App',
  accent: '#d7771d',
  accentInverse: '#fafafa',
  onlyPayWithGiftCard: 'no',
  payment_method: 1,
  payment_method_config: { stripe: { key: 'sk_test_understudy', publishable_key: null }, sipay: { key: null, resource: null, secret: null } },
  stripe_publishable_key: null,
  delivery_agency: 1,
  delivery_agency_config: null,
  rewards_enabled: 'no',
  online_ordering: 'no',
  has_slides: 'no',
  enable_barcode_scan: 'no',
  only_show_near_store: 'no',
  minimum_delivery_price: 100,
  required_delivery_product_id: '',
  disable_gift_card: 'no',
  points_to_money: 'no',
  rewards_order: 'asc',
  enable_invitations: 'no',
  tables: {
    '5': { '3': '12 ', '4': '13 ' },
    '6': { '3': '12 ', '4': '13 ' },
    '7': { '3': '12 ', '4': '13 ' },
    '9': { '1': 'Table 1', '2': 'Table 2' },
    '10': [],
    '11': { '3': '12 ', '4': '13 ' },
  },
});

const soloOf = (account: string): SoloSettings => {
  const base = `https://solo.revointouch.works/${account}`;
  return {
    delivery_url: `${base}/delivery`,
    pickup_url: `${base}/pickup`,
    stores: { '1': { pickup_asap: `${base}/1/pickup-asap`, delivery_or_pickup: `${base}/1/delivery-or-pickup`, digital_menu: `${base}/1/menu` } },
  };
};

/** Customer 1 of the login sample; password `demo-password`. */
export const DEMO_PASSWORD = 'demo-password';

/**
 * The demo password's hash. An unseeded sandbox takes one made once per process (its salt is
 * random, and it spares every sandbox creation the hashing); a seeded one salts it from its seed.
 */
let demoHash: Promise<string> | null = null;
function demoPasswordHash(s: SandboxScope): Promise<string> {
  const salt = s.random.bytes(16);
  if (s.seeded) return hashPassword(DEMO_PASSWORD, salt);
  return (demoHash ??= hashPassword(DEMO_PASSWORD, salt));
}

export async function seed(s: SandboxScope, tx: Tx, seeding: Seeding<IntouchCredentials>): Promise<void> {
  const sandboxId = s.sandboxId;
  await setSetting(tx, sandboxId, 'earning-rule', { centsPerPoint: 10 } satisfies EarningRule);
  if (seeding.kind !== 'demo') return;
  for (const model of SYNC_MODELS) {
    await insertRecords(tx, { ...where(s, model), now: s.now }, DEMO_RECORDS[model].map((r) => ({ id: r.id, ord: r.id, data: r })));
  }
  await raiseSequence(tx, sandboxId, SEQUENCE.productStore, 5);
  await setSetting(tx, sandboxId, 'store-status:1', 'online');
  await setSetting(tx, sandboxId, 'store-status:2', 'paused');
  await setSetting(tx, sandboxId, 'theme', themeOf(seeding.credentials.account));
  await setSetting(tx, sandboxId, 'solo', soloOf(seeding.credentials.account));
  await upsertGroup(tx, { sandbox_id: sandboxId, id: 1, name: 'Group Name', discount: 0, created_at: at('2000-01-01 00:00:00') });
  await upsertGroup(tx, { sandbox_id: sandboxId, id: 2, name: 'Revo', discount: 10000, created_at: at('2021-06-14 15:54:53') });
  await upsertTable(tx, { sandbox_id: sandboxId, id: 3, store_id: 1, name: '12 ' });
  await upsertTable(tx, { sandbox_id: sandboxId, id: 4, store_id: 1, name: '13 ' });
  await upsertInvoice(tx, { sandbox_id: sandboxId, id: 1, store_id: 1, total: 500, points: 50, claimed_by: null });

  await insertCustomer(tx, {
    sandbox_id: sandboxId,
    id: 1,
    name: 'Jordi Puigdellívol',
    email: 'jordi.p@revo.works',
    email_key: 'jordi.p@revo.works',
    password_hash: await demoPasswordHash(s),
    postal_code: '08240',
    city: null,
    address: null,
    birth_date: '1985-04-12',
    points: 378,
    phone: '938750000',
    stripe_id: null,
    payment_token: null,
    vip: 0,
    photo: 'photo.png',
    language: 'es',
    auth_code: null,
    extra_id: null,
    subscribe: 1,
    customer_group_id: 1,
    discount_percentage: 0,
    created_at: at('2017-01-02 09:00:00'),
    updated_at: at('2017-01-02 09:00:00'),
  });
  for (const [id, uuid, photo] of [
    [7, '5876009347306', 'O6Magz'],
    [8, '58b194cc08bfa', 'hi5bOD'],
  ] as const) {
    await insertCard(tx, { sandbox_id: sandboxId, id, uuid, customer_id: 1, name: 'My gift card', amount: 0, active: 1, photo });
  }
  // The lastOrder sample: order 102 (content 16) is the latest, order 98 (content 11) before it.
  for (const [id, content, created, closed] of [
    [98, 11, '2017-01-03 12:10:00', '2017-01-03 13:02:41'],
    [102, 16, '2017-01-05 11:47:15', '2017-01-09 11:33:27'],
  ] as const) {
    await insertOrder(
      tx,
      {
        sandbox_id: sandboxId, id, store_id: 1, customer_id: 1, delivery_id: null, subtotal: 1128, tax_amount: 112, total: 1240, points_earned: 124, points_spent: 0,
        discount_amount: 0, status: 5, pos_id: id, contact: null, paid: 0, card_uuid: null, table_id: null, created_at: at(created), closed_at: at(closed),
      },
      [
        {
          sandbox_id: sandboxId, id: content, order_id: id, customer_id: 1, product_id: 1, modifiers: null, menu_contents: '[]', points_spent: null, price: 1240, subtotal: 1128,
          tax_amount: 112, tax: 1000, quantity: 1, total: 1240, notes: null, created_at: at(created),
        },
      ],
      null,
    );
  }
  await raiseSequence(tx, sandboxId, SEQUENCE.customer, 1);
  await raiseSequence(tx, sandboxId, SEQUENCE.card, 8);
  await raiseSequence(tx, sandboxId, SEQUENCE.order, 102);
  await raiseSequence(tx, sandboxId, SEQUENCE.content, 16);
  await raiseSequence(tx, sandboxId, SEQUENCE.pos, 102);
}

// ---------------------------------------------------------------- fixture bundle

const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const Remove = Type.Optional(Type.Boolean({ description: 'true deletes the record with this id' }));

/**
 * `POST /_understudy/sandboxes/{id}/fixtures/intouch` (README): add, change or delete any catalog
 * record (by sync model and id; a change merges the fields given into the record), a store's
 * status, customer groups, invoices, tables, and the earning rule. Changes are stamped by the
 * sandbox clock, so catalog sync shows them.
 */
export const Bundle = Type.Object(
  {
    records: Type.Optional(
      Type.Array(
        Type.Object({ model: Type.Union(SYNC_MODELS.map((m) => Type.Literal(m))), id: Id, delete: Remove, fields: Type.Optional(Type.Record(Type.String(), Type.Unknown())) }, { additionalProperties: false }),
      ),
    ),
    storeStatuses: Type.Optional(Type.Array(Type.Object({ store: Id, status: Type.Union(STORE_STATUSES.map((s) => Type.Literal(s))) }, { additionalProperties: false }))),
    customerGroups: Type.Optional(Type.Array(Type.Object({ id: Id, name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })), discount: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })), delete: Remove }, { additionalProperties: false }))),
    invoices: Type.Optional(Type.Array(Type.Object({ id: Id, store: Type.Optional(Id), total: Type.Optional(Type.Integer({ minimum: 0 })), points: Type.Optional(Type.Integer({ minimum: 0 })), delete: Remove }, { additionalProperties: false }))),
    tables: Type.Optional(Type.Array(Type.Object({ id: Id, store: Type.Optional(Id), name: Type.Optional(Type.String({ maxLength: 255 })), delete: Remove }, { additionalProperties: false }))),
    earningRule: Type.Optional(Type.Object({ centsPerPoint: Type.Integer({ minimum: 0, maximum: 1_000_000 }) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export async function addBundle(s: SandboxScope, tx: Tx, b: Static<typeof Bundle>): Promise<unknown> {
  const out: Record<string, unknown[]> = { records: [], storeStatuses: [], customerGroups: [], invoices: [], tables: [] };
  const stamp = { now: s.now };
  for (const r of b.records ?? []) {
    const w = { ...where(s, r.model), ...stamp };
    if (r.delete) {
      if (!(await deleteRecord(tx, w, r.id))) throw new FixtureError(`records: there is no ${r.model} ${r.id} to delete`);
      out.records.push({ model: r.model, id: r.id, deleted: true });
      continue;
    }
    const current = (await getRecord<Record<string, unknown>>(tx, w, r.id)) ?? {};
    const record = { ...current, ...(r.fields ?? {}), id: r.id };
    const outcome = await upsertRecord(tx, w, r.id, r.id, record);
    if (r.model === 'productStore') await raiseSequence(tx, s.sandboxId, SEQUENCE.productStore, r.id);
    out.records.push({ model: r.model, id: r.id, [outcome]: true });
  }
  for (const st of b.storeStatuses ?? []) {
    if (!(await getRecord(tx, where(s, 'stores'), st.store))) throw new FixtureError(`storeStatuses: there is no store ${st.store}`);
    await setSetting(tx, s.sandboxId, `store-status:${st.store}`, st.status);
    out.storeStatuses.push(st);
  }
  for (const g of b.customerGroups ?? []) {
    if (g.delete) await deleteRows(tx, 'it_customer_groups', s.sandboxId, g.id);
    else await upsertGroup(tx, { sandbox_id: s.sandboxId, id: g.id, name: g.name ?? `Group ${g.id}`, discount: g.discount ?? 0, created_at: s.now });
    out.customerGroups.push(g);
  }
  for (const inv of b.invoices ?? []) {
    if (inv.delete) await deleteRows(tx, 'it_invoices', s.sandboxId, inv.id);
    else {
      if (inv.store === undefined || inv.total === undefined || inv.points === undefined) throw new FixtureError(`invoices: invoice ${inv.id} needs store, total and points`);
      await upsertInvoice(tx, { sandbox_id: s.sandboxId, id: inv.id, store_id: inv.store, total: inv.total, points: inv.points, claimed_by: null });
    }
    out.invoices.push(inv);
  }
  for (const t of b.tables ?? []) {
    if (t.delete) await deleteRows(tx, 'it_tables', s.sandboxId, t.id);
    else {
      if (t.store === undefined) throw new FixtureError(`tables: table ${t.id} needs its store`);
      await upsertTable(tx, { sandbox_id: s.sandboxId, id: t.id, store_id: t.store, name: t.name ?? `Table ${t.id}` });
    }
    out.tables.push(t);
  }
  if (b.earningRule) await setSetting(tx, s.sandboxId, 'earning-rule', b.earningRule);
  return { ...out, ...(b.earningRule ? { earningRule: b.earningRule } : {}) };
}
