import { Type, type Static } from 'typebox';
import type { Tx } from '../../core/db/engine.ts';
import { nextId } from '../../core/db/sequences.ts';
import { FixtureError, type Seeding } from '../../core/dialect.ts';
import type { SandboxScope } from '../../core/scope.ts';
import type { ReversioCredentials } from './credentials.ts';
import { ensureKeyPairs } from './keys.ts';
import { brandKey, insertBrand, insertModel, insertOrder, SEQUENCE, selectModelType, selectModelTypes, upsertModelType } from './store.ts';
import type { OrderView } from './views.ts';

/** reversio.txt's objects, with the ids it prints (and ids in its pattern where it prints none). */
export const DEMO_MODEL_ID = '10000000-5555-0000-0000-000000000001';
export const DEMO_ORDER_ID = '10000000-9999-0000-0000-000000000001';
export const DEMO_LINE_ID = '10000000-9999-0000-0001-000000000001';
export const DEMO_BRAND_ID = '10000000-3333-0000-0000-000000000001';
const typeId = (n: number) => `10000000-2222-0000-0000-${String(n).padStart(12, '0')}`;

/**
 * The model type tree ("defined with the Delivery team"): `Smartphone` (the document's) and a
 * few common types, labelled in English and French. It is the vendor's configuration rather
 * than the integrator's data, so `empty` sandboxes have it too; the fixture bundle adds more.
 */
const MODEL_TYPES: Array<{ id: string; key: string; parent: string | null; labels: Record<string, string> }> = [
  { id: typeId(1), key: 'HighTech', parent: null, labels: { en: 'High-tech', fr: 'High-tech' } },
  { id: typeId(2), key: 'Smartphone', parent: typeId(1), labels: { en: 'Smartphone', fr: 'Smartphone' } },
  { id: typeId(3), key: 'Tablet', parent: typeId(1), labels: { en: 'Tablet', fr: 'Tablette' } },
  { id: typeId(4), key: 'Laptop', parent: typeId(1), labels: { en: 'Laptop', fr: 'Ordinateur portable' } },
  { id: typeId(5), key: 'Headphones', parent: typeId(1), labels: { en: 'Headphones', fr: 'Casque audio' } },
  { id: typeId(6), key: 'Accessory', parent: null, labels: { en: 'Accessory', fr: 'Accessoire' } },
];

/** The document's order sample, corrected (`purchaseDateUtc` without its `TT`); its e-mail is printed obfuscated, so one is chosen. */
const DEMO_ORDER: Omit<OrderView, 'id'> = {
  orderReference: 'ORDER-00001',
  civility: null,
  customerFirstName: 'Albus',
  customerLastName: 'Dumbledore',
  customerMail: 'albus.dumbledore@hogwarts.example',
  phoneNumber: '+33600000000',
  address: {
    companyName: null,
    streetAddress: '79 quai de la Gare',
    additionalAddress: null,
    doorCode: null,
    floor: null,
    zipCode: '75013',
    city: 'Paris',
    countryCode: 'FR',
    phone: '+33600000000',
  },
  purchaseDateUtc: '2021-06-01T14:46:28.000Z',
  salesChannel: 'Online Store',
  shippingPrice: { amount: 4.3, currency: 'EUR' },
  products: [{ id: DEMO_LINE_ID, modelId: DEMO_MODEL_ID, price: { amount: 495, currency: 'EUR' }, orderLineReference: '0', serialNumber: null }],
  createdAt: '2021-06-01T14:46:28.000Z',
};

async function addModelTypes(s: SandboxScope, tx: Tx): Promise<void> {
  for (const [i, t] of MODEL_TYPES.entries()) {
    await upsertModelType(tx, { sandbox_id: s.sandboxId, id: t.id, key: t.key, key_lc: t.key.toLowerCase(), parent_id: t.parent, labels: JSON.stringify(t.labels), position: i + 1 });
  }
}

/**
 * Seeds a sandbox's Revers.io data: the second key pair (kept by resets), the model type tree,
 * and for `demo` the document's brand, model and order, so that its reads and its `links`
 * sample work at once (its two create samples then meet records already there: 400).
 */
export async function seed(s: SandboxScope, tx: Tx, seeding: Seeding<ReversioCredentials>): Promise<void> {
  await ensureKeyPairs(tx, s.sandboxId, seeding.isDemo);
  await addModelTypes(s, tx);
  if (seeding.kind === 'empty') return;
  const created = Date.parse(DEMO_ORDER.createdAt);
  const seq = () => nextId(tx, s.sandboxId, SEQUENCE);
  await insertBrand(tx, { sandbox_id: s.sandboxId, id: DEMO_BRAND_ID, name: 'Fairphone', name_key: brandKey('Fairphone'), created_at: created, updated_at: created, seq: await seq() });
  await insertModel(tx, {
    sandbox_id: s.sandboxId,
    id: DEMO_MODEL_ID,
    sku: '123456',
    label: 'Fairphone 3+ 64GB',
    brand_id: DEMO_BRAND_ID,
    model_type_id: typeId(2),
    state: 'New',
    weight: 0.188,
    length_cm: 16,
    width_cm: 7,
    height_cm: 1,
    eans: '[]',
    photo_url: null,
    additional: JSON.stringify({ isReturnable: true, isRepairable: true, isTransportable: true, isSerializable: true, isOnSiteInterventionPossible: false, isCumbersome: false }),
    created_at: created,
    updated_at: created,
    seq: await seq(),
  });
  await insertOrder(tx, { sandbox_id: s.sandboxId, id: DEMO_ORDER_ID, reference: DEMO_ORDER.orderReference, doc: JSON.stringify(DEMO_ORDER), created_at: created });
}

// ---------------------------------------------------------------- the fixture bundle

const Labels = Type.Record(Type.String({ pattern: '^[a-z]{2}$' }), Type.String({ minLength: 1, maxLength: 200 }), { title: 'labels by language (en, fr)' });

/** `POST /_understudy/sandboxes/{id}/fixtures/reversio`: model types, which the API cannot create. */
export const Bundle = Type.Object(
  {
    modelTypes: Type.Array(
      Type.Object(
        {
          id: Type.Optional(Type.String({ minLength: 1, maxLength: 100, title: 'id (a new GUID when left out, or the type of that key when it exists)' })),
          key: Type.String({ minLength: 1, maxLength: 100, pattern: '^\\S+$', title: 'unique name (modelTypeUniqueName)' }),
          labels: Labels,
          parentKey: Type.Optional(Type.String({ minLength: 1, maxLength: 100, title: 'the key of its parent type' })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);

export async function addBundle(s: SandboxScope, tx: Tx, b: Static<typeof Bundle>): Promise<unknown> {
  let position = (await selectModelTypes(tx, s.sandboxId)).reduce((max, t) => Math.max(max, Number(t.position)), 0);
  const out: unknown[] = [];
  for (const [i, t] of b.modelTypes.entries()) {
    const where = `modelTypes[${i}]`;
    const existing = await selectModelType(tx, s.sandboxId, { key: t.key });
    const byId = t.id ? await selectModelType(tx, s.sandboxId, { id: t.id }) : undefined;
    if (existing && t.id && existing.id !== t.id) throw new FixtureError(`${where}: key '${t.key}' is already the type ${existing.id}`);
    let parentId: string | null = null;
    if (t.parentKey) {
      const parent = await selectModelType(tx, s.sandboxId, { key: t.parentKey });
      if (!parent) throw new FixtureError(`${where}: no model type has the key '${t.parentKey}'`);
      parentId = parent.id;
    }
    if (!t.labels.en && Object.keys(t.labels).length === 0) throw new FixtureError(`${where}: labels must hold at least one language`);
    const id = existing?.id ?? byId?.id ?? t.id ?? s.random.uuid();
    if (parentId === id) throw new FixtureError(`${where}: a type cannot be its own parent`);
    const row = { sandbox_id: s.sandboxId, id, key: t.key, key_lc: t.key.toLowerCase(), parent_id: parentId, labels: JSON.stringify(t.labels), position: Number(existing?.position ?? byId?.position ?? ++position) };
    await upsertModelType(tx, row);
    out.push({ id, key: t.key, parentId, labels: t.labels, created: !existing && !byId });
  }
  return { modelTypes: out };
}
