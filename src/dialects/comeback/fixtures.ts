import { Type, type Static, type TSchema } from 'typebox';
import type { Tx } from '../../core/db/engine.ts';
import { raiseSequence, nextId } from '../../core/db/sequences.ts';
import { FixtureError, type Seeding } from '../../core/dialect.ts';
import { systemRandom } from '../../core/random.ts';
import type { SandboxScope } from '../../core/scope.ts';
import { ensureCredential, setCredentialScope } from '../../core/sandboxes/store.ts';
import type { ComebackCredentials } from './credentials.ts';
import { EXPIRE_POINTS_JOB } from './points.ts';
import { passCode } from './passes.ts';
import { insertCustomer } from './customer-store.ts';
import { insertAppliedPromotions, insertOrderRow } from './order-store.ts';
import { creditBalances, insertLots } from './points-store.ts';
import {
  CUSTOMER_SEQUENCE,
  POSITION_SEQUENCE,
  selectAnyLocation,
  selectAnyPointType,
  selectAnyPromotion,
  selectCredentialScope,
  selectOrganization,
  selectSandboxTokens,
  typed,
  upsertLocation,
  upsertOrganization,
  upsertPointType,
  upsertPromotion,
  type LocationRow,
  type PointTypeRow,
  type PromotionRow,
} from './store.ts';
import { discountProblem } from './model.ts';
import { locationView, pointTypeView, promotionView, type Level } from './views.ts';

/** The demo organizations: the document's two locations, one per token. */
export const ORG_JOVELLANOS = '1321a1e9-e310-488a-9c6c-ed8203053bb7';
export const ORG_T8 = '4de9cd38-17ee-457c-9fff-bf4884a1a767';
export const LOCATION_JOVELLANOS = '0e75756b-bf8b-41e0-9162-a87e3f19e771';
export const LOCATION_T8 = '0e53f16f-88f5-4379-ab6d-b21213968d5c';
/** "GET Point types list": "Points", 365 days, allowing the pass of the same id. */
export const POINT_TYPE_POINTS = '0e53f16f-88f5-4379-ab6d-b21213968d5c';
/** "GET Customer" shows Bruce's 50 points as "Burgers": a second point type of his organization. */
export const POINT_TYPE_BURGERS = '5b1d3c2e-8f4a-4c6b-9e7d-2a1f0c9b8e71';
export const POINT_TYPE_T8 = '9c2e4a61-3b7d-4f8e-a5c0-6d1b2e3f4a59';
export const PROMOTION_EL_TENEDOR = '28afe959-6204-4169-b5ba-fc90f15aad43';
export const PROMOTION_DESCUENTO = '0hgfd0928ge32ge';
export const PROMOTION_CAFE = '9hsab0efasf8312';
/** The second promotion of the "GET Applied Promotions" sample. */
export const PROMOTION_2X1 = '39bfaca0-9920-4224-9762-0cbc8d61dbcf';
export const PROMOTION_T8_TEA = 'e4f7a2c9-1d3b-4a6e-8f0c-5b2d9e7a1c34';
export const CUSTOMER_BRUCE = '33f9dc36-5e99-4044-8e2e-9b22c403c5f7';
export const ORDER_SAMPLE = 'b2c8bc3-4601-47d1-8a11-26935d57222f';
/** CONTRACT.md fixes the first token; the issue fixes the second organization's in the demo sandbox. */
export const DEMO_SECOND_TOKEN = 'demo-comeback-token-2';
/** The document hides its sample emails behind its web page's email protection ("[email protected]"). */
export const BRUCE_EMAIL = 'bruce.wayne@example.com';

/** Levels: thresholds on lifetime points (every point ever earned, any point type). */
export const DEFAULT_LEVELS: Level[] = [
  { name: 'Bronze', minPoints: 0 },
  { name: 'Silver', minPoints: 25 },
  { name: 'Gold', minPoints: 100 },
  { name: 'Platinum', minPoints: 250 },
];

const DAY_MS = 86_400_000;
/** A token is a credential: from the system's random, never a sandbox's seed (it identifies the sandbox). */
const randomToken = () => systemRandom.hex(20);

type Seedable<T> = Omit<T, 'sandbox_id'>;

const DEMO_LOCATIONS: Array<Seedable<LocationRow>> = [
  {
    id: LOCATION_T8, name: 'T8 Tea Bar', address: 'Pl. de España, 18, 28008 Madrid, España', organization_id: ORG_T8, deleted: 0,
    country_code: 'ES', latitude: 40.42326736, longitude: -3.71103597, position: 1,
  },
  {
    id: LOCATION_JOVELLANOS, name: 'JOVELLANOS', address: 'C. de Jovellanos, 6, 28014 Madrid', organization_id: ORG_JOVELLANOS, deleted: 0,
    country_code: 'ES', latitude: 40.42326736, longitude: -3.71103597, position: 2,
  },
];

/** The earning rule lives on the point types: one point per `cents_per_point` of an order's amount. */
const DEMO_POINT_TYPES: Array<Seedable<PointTypeRow>> = [
  { id: POINT_TYPE_POINTS, organization_id: ORG_JOVELLANOS, name: 'Points', expiration_days: 365, allowed_pass_ids: JSON.stringify([POINT_TYPE_POINTS]), cents_per_point: 100, position: 10 },
  { id: POINT_TYPE_BURGERS, organization_id: ORG_JOVELLANOS, name: 'Burgers', expiration_days: 180, allowed_pass_ids: JSON.stringify([POINT_TYPE_POINTS]), cents_per_point: 1000, position: 11 },
  { id: POINT_TYPE_T8, organization_id: ORG_T8, name: 'Points', expiration_days: 365, allowed_pass_ids: JSON.stringify([POINT_TYPE_T8]), cents_per_point: 100, position: 12 },
];

const DEMO_PROMOTIONS: Array<Seedable<PromotionRow>> = [
  // "GET Customer": the two promotions available to Bruce, in the sample's order.
  {
    id: PROMOTION_DESCUENTO, organization_id: ORG_JOVELLANOS, name: 'Descuento 10%', description: 'Obtén un descuento por valor del 10%',
    point_type_id: POINT_TYPE_BURGERS, points_expense: 0, discount_type: 'percentage', discount_amount: 10, code: null, available_online: 1, location_ids: null, position: 20,
  },
  {
    id: PROMOTION_CAFE, organization_id: ORG_JOVELLANOS, name: 'Café gratis', description: 'Obtén un café gratis en tu próxima visita',
    point_type_id: POINT_TYPE_BURGERS, points_expense: 10, discount_type: 'currency', discount_amount: 250, code: null, available_online: 0, location_ids: null, position: 21,
  },
  // "GET Promotion List" and the "POST Create Order" sample.
  {
    id: PROMOTION_EL_TENEDOR, organization_id: ORG_JOVELLANOS, name: 'El tenedor', description: 'el tenedor',
    point_type_id: POINT_TYPE_BURGERS, points_expense: 3, discount_type: 'percentage', discount_amount: 10, code: null, available_online: 1, location_ids: null, position: 22,
  },
  // "GET Applied Promotions": named by us; more Burgers than Bruce has, so not available to him.
  {
    id: PROMOTION_2X1, organization_id: ORG_JOVELLANOS, name: '2x1 en hamburguesas', description: 'Dos hamburguesas por el precio de una',
    point_type_id: POINT_TYPE_BURGERS, points_expense: 60, discount_type: '2x1', discount_amount: 0, code: null, available_online: 0, location_ids: null, position: 23,
  },
  {
    id: PROMOTION_T8_TEA, organization_id: ORG_T8, name: 'Té gratis', description: 'Un té gratis en tu próxima visita',
    point_type_id: POINT_TYPE_T8, points_expense: 20, discount_type: 'currency', discount_amount: 350, code: null, available_online: 0, location_ids: null, position: 24,
  },
];

/**
 * Seeds a sandbox's Comeback data. `demo`: the two organizations (the primary token is
 * JOVELLANOS's; a second token, fixed in the `demo` sandbox and random elsewhere, is T8 Tea
 * Bar's). `empty`: one organization with no records, for the primary token. Runs again on
 * reset: credentials are kept, so their organizations (and ids) are too.
 */
export async function seed(s: SandboxScope, tx: Tx, seeding: Seeding<ComebackCredentials>): Promise<void> {
  const sandboxId = s.sandboxId;
  const primary = seeding.credentials.token;
  if (seeding.kind === 'empty') {
    const orgId = (await selectCredentialScope(tx, primary)) ?? s.random.uuid();
    await upsertOrganization(tx, { sandbox_id: sandboxId, id: orgId, name: 'Organization', levels: JSON.stringify(DEFAULT_LEVELS), position: 1 });
    await setCredentialScope(tx, 'comeback', 'primary', primary, orgId);
    return;
  }

  await upsertOrganization(tx, { sandbox_id: sandboxId, id: ORG_JOVELLANOS, name: 'JOVELLANOS', levels: JSON.stringify(DEFAULT_LEVELS), position: 1 });
  await upsertOrganization(tx, { sandbox_id: sandboxId, id: ORG_T8, name: 'T8 Tea Bar', levels: JSON.stringify(DEFAULT_LEVELS), position: 2 });
  await setCredentialScope(tx, 'comeback', 'primary', primary, ORG_JOVELLANOS);
  const kept = (await selectSandboxTokens(tx, sandboxId)).find((t) => t.scope === ORG_T8 && t.is_primary === 0)?.key;
  const second = seeding.isDemo ? DEMO_SECOND_TOKEN : (kept ?? randomToken());
  await ensureCredential(tx, sandboxId, 'comeback', { kind: 'primary', key: second, scope: ORG_T8 });

  const t = typed(tx);
  await t.insertInto('cb_locations').values(DEMO_LOCATIONS.map((r) => ({ sandbox_id: sandboxId, ...r }))).execute();
  await t.insertInto('cb_point_types').values(DEMO_POINT_TYPES.map((r) => ({ sandbox_id: sandboxId, ...r }))).execute();
  await t.insertInto('cb_promotions').values(DEMO_PROMOTIONS.map((r) => ({ sandbox_id: sandboxId, ...r }))).execute();
  await raiseSequence(tx, sandboxId, POSITION_SEQUENCE, 100);

  // "GET Customer": Bruce Wayne, 50 Burgers (earned when the sandbox was seeded), level Gold.
  // His lifetime points (113) are the 50 he holds plus what the two sample promotions cost him.
  await insertCustomer(tx, {
    sandbox_id: sandboxId,
    id: CUSTOMER_BRUCE,
    organization_id: ORG_JOVELLANOS,
    seq: 1,
    name: 'Bruce',
    surname: 'Wayne',
    phone_number: '+34666666666',
    email: BRUCE_EMAIL,
    email_key: BRUCE_EMAIL,
    creation_time: Date.parse('2020-10-06T18:32:04.000Z'),
    source: 'SignUp',
    marketing_communication: 1,
    birth_date: '1990-01-01',
    external_id: 'h230he02',
    apple_downloaded: 1,
    android_downloaded: 0,
    lifetime_points: 113,
    pass_code: passCode(),
  });
  await raiseSequence(tx, sandboxId, CUSTOMER_SEQUENCE, 1);
  const expiresAt = s.now + 180 * DAY_MS;
  await insertLots(tx, [{ sandbox_id: sandboxId, customer_id: CUSTOMER_BRUCE, point_type_id: POINT_TYPE_BURGERS, earned_at: s.now, expires_at: expiresAt, amount: 50, remaining: 50 }]);
  await creditBalances(tx, sandboxId, CUSTOMER_BRUCE, [{ pointTypeId: POINT_TYPE_BURGERS, points: 50, expiresAt }]);
  await s.schedule(tx, EXPIRE_POINTS_JOB, CUSTOMER_BRUCE, expiresAt, { keep: 'earliest' });

  // "GET Applied Promotions": the order the sample's two applied promotions belong to.
  const sampleTimes = [Date.parse('2020-03-12T18:32:04.000Z'), Date.parse('2020-10-06T18:32:04.000Z')];
  await insertOrderRow(tx, {
    sandbox_id: sandboxId,
    id: ORDER_SAMPLE,
    organization_id: ORG_JOVELLANOS,
    external_id: 'b2c8bc3',
    customer_id: CUSTOMER_BRUCE,
    location_id: LOCATION_JOVELLANOS,
    amount: 5400,
    discount_amount: 600,
    products: JSON.stringify([{ name: 'Burger', quantity: 2, organizationProductExternalId: 'eygh2hgnd', orderProductExternalId: 'b2c8bc3-1', price: 6000 }]),
    promotions_applied: JSON.stringify([{ id: PROMOTION_EL_TENEDOR }, { id: PROMOTION_2X1 }]),
    earned_points: '[]',
    creation_time: sampleTimes[0],
  });
  await insertAppliedPromotions(
    tx,
    [PROMOTION_EL_TENEDOR, PROMOTION_2X1].map((promotionId, i) => ({
      sandbox_id: sandboxId,
      organization_id: ORG_JOVELLANOS,
      customer_id: CUSTOMER_BRUCE,
      promotion_id: promotionId,
      location_id: LOCATION_JOVELLANOS,
      order_id: ORDER_SAMPLE,
      creation_time: sampleTimes[i],
    })),
  );
}

// ---------------------------------------------------------------- fixture bundles

const Str = Type.String({ minLength: 1, maxLength: 500 });
const Text = Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]);
const Count = (min: number) => Type.Integer({ minimum: min, maximum: Number.MAX_SAFE_INTEGER });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const strict = { additionalProperties: false } as const;

const Organization = Type.Object(
  {
    id: Type.Optional(Str),
    name: Type.Optional(Str),
    token: Type.Optional(Str),
    levels: Type.Optional(Type.Array(Type.Object({ name: Str, minPoints: Type.Optional(Count(0)) }, strict))),
  },
  strict,
);
const Location = Type.Object(
  {
    id: Type.Optional(Str),
    organizationId: Type.Optional(Str),
    name: Str,
    address: Type.Optional(Text),
    countryCode: Type.Optional(Text),
    latitude: Type.Optional(Nullable(Type.Number())),
    longitude: Type.Optional(Nullable(Type.Number())),
    deleted: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 1 }))),
  },
  strict,
);
const PointType = Type.Object(
  {
    id: Type.Optional(Str),
    organizationId: Type.Optional(Str),
    name: Str,
    expirationDays: Type.Optional(Nullable(Count(1))),
    allowedPassIds: Type.Optional(Nullable(Type.Array(Str))),
    centsPerPoint: Type.Optional(Nullable(Count(1))),
  },
  strict,
);
const Promotion = Type.Object(
  {
    id: Type.Optional(Str),
    organizationId: Type.Optional(Str),
    name: Str,
    pointTypeId: Str,
    pointsExpense: Type.Optional(Count(0)),
    discountType: Type.Optional(Text),
    discountAmount: Type.Optional(Nullable(Count(0))),
    code: Type.Optional(Text),
    description: Type.Optional(Text),
    availableOnline: Type.Optional(Type.Boolean()),
    locationIds: Type.Optional(Nullable(Type.Array(Str))),
  },
  strict,
);

/**
 * `POST /_understudy/sandboxes/{id}/fixtures/comeback`: what the vendor API cannot create.
 * `organizationId` defaults to the sandbox's primary token's organization; the same id again
 * updates the record (README, "Fixture bundle").
 */
export const Bundle = Type.Object(
  {
    organizations: Type.Optional(Type.Array(Organization)),
    locations: Type.Optional(Type.Array(Location)),
    pointTypes: Type.Optional(Type.Array(PointType)),
    promotions: Type.Optional(Type.Array(Promotion)),
  },
  strict,
);

export async function addBundle(s: SandboxScope, tx: Tx, b: Static<typeof Bundle>): Promise<unknown> {
  const sandboxId = s.sandboxId;
  const tokens = await selectSandboxTokens(tx, sandboxId);
  const defaultOrg = tokens.find((t) => t.is_primary === 1)?.scope;
  const orgOf = async (o: { organizationId?: string }, where: string): Promise<string> => {
    const id = o.organizationId ?? defaultOrg;
    if (!id || !(await selectOrganization(tx, sandboxId, id))) throw new FixtureError(`${where}: organization ${String(id)} not found`);
    return id;
  };
  const position = () => nextId(tx, sandboxId, POSITION_SEQUENCE);
  const out: Record<string, unknown[]> = { organizations: [], locations: [], pointTypes: [], promotions: [] };

  for (const [i, o] of (b.organizations ?? []).entries()) {
    const where = `organizations[${i}]`;
    const id = o.id ?? s.random.uuid();
    const existing = await selectOrganization(tx, sandboxId, id);
    const lv = o.levels?.map((l) => ({ name: l.name, minPoints: l.minPoints ?? 0 })) ?? (existing ? (JSON.parse(existing.levels) as Level[]) : DEFAULT_LEVELS);
    const name = o.name ?? existing?.name ?? 'Organization';
    await upsertOrganization(tx, { sandbox_id: sandboxId, id, name, levels: JSON.stringify(lv), position: existing ? Number(existing.position) : await position() });
    let token = tokens.find((t) => t.scope === id)?.key;
    if (o.token !== undefined || !token) {
      token = o.token ?? randomToken();
      const owner = await selectCredentialScope(tx, token);
      if (owner !== undefined && owner !== id) throw new FixtureError(`${where}: token '${token}' is already in use`);
      if (owner === undefined) {
        const taken = await typed(tx).selectFrom('credentials').select('sandbox_id').where('dialect', '=', 'comeback').where('key', '=', token).executeTakeFirst();
        if (taken) throw new FixtureError(`${where}: token '${token}' is already in use`);
        await ensureCredential(tx, sandboxId, 'comeback', { kind: 'primary', key: token, scope: id });
        tokens.push({ key: token, scope: id, is_primary: 0 });
      }
    }
    out.organizations.push({ id, name, token, levels: lv });
  }

  for (const [i, o] of (b.locations ?? []).entries()) {
    const where = `locations[${i}]`;
    const id = o.id ?? s.random.uuid();
    const organization = await orgOf(o, where);
    const existing = await selectAnyLocation(tx, sandboxId, id);
    if (existing && existing.organization_id !== organization) throw new FixtureError(`${where}: location ${id} belongs to another organization`);
    const row: LocationRow = {
      sandbox_id: sandboxId,
      id,
      organization_id: organization,
      name: o.name,
      address: o.address ?? '',
      deleted: o.deleted === 1 ? 1 : 0,
      country_code: o.countryCode ?? 'ES',
      latitude: o.latitude ?? null,
      longitude: o.longitude ?? null,
      position: existing ? Number(existing.position) : await position(),
    };
    await upsertLocation(tx, row);
    out.locations.push(locationView(row));
  }

  for (const [i, o] of (b.pointTypes ?? []).entries()) {
    const where = `pointTypes[${i}]`;
    const id = o.id ?? s.random.uuid();
    const organization = await orgOf(o, where);
    const existing = await selectAnyPointType(tx, sandboxId, id);
    if (existing && existing.organization_id !== organization) throw new FixtureError(`${where}: point type ${id} belongs to another organization`);
    const row: PointTypeRow = {
      sandbox_id: sandboxId,
      id,
      organization_id: organization,
      name: o.name,
      expiration_days: o.expirationDays === undefined ? 365 : o.expirationDays,
      // The document's sample allows the pass of the point type's own id.
      allowed_pass_ids: JSON.stringify(o.allowedPassIds ?? [id]),
      cents_per_point: o.centsPerPoint ?? null,
      position: existing ? Number(existing.position) : await position(),
    };
    await upsertPointType(tx, row);
    out.pointTypes.push({ ...pointTypeView(row), organizationId: organization, centsPerPoint: row.cents_per_point });
  }

  for (const [i, o] of (b.promotions ?? []).entries()) {
    const where = `promotions[${i}]`;
    const id = o.id ?? s.random.uuid();
    const organization = await orgOf(o, where);
    const existing = await selectAnyPromotion(tx, sandboxId, id);
    if (existing && existing.organization_id !== organization) throw new FixtureError(`${where}: promotion ${id} belongs to another organization`);
    const pt = await selectAnyPointType(tx, sandboxId, o.pointTypeId);
    if (!pt || pt.organization_id !== organization) throw new FixtureError(`${where}: point type ${o.pointTypeId} not found in organization ${organization}`);
    const discountType = o.discountType ?? null;
    const discountAmount = o.discountAmount ?? null;
    const problem = discountProblem(discountType, discountAmount);
    if (problem) throw new FixtureError(`${where}: ${problem}`);
    const locationIds = o.locationIds ?? null;
    for (const l of locationIds ?? []) {
      const loc = await selectAnyLocation(tx, sandboxId, l);
      if (!loc || loc.organization_id !== organization) throw new FixtureError(`${where}: location ${l} not found in organization ${organization}`);
    }
    const row: PromotionRow = {
      sandbox_id: sandboxId,
      id,
      organization_id: organization,
      name: o.name,
      description: o.description ?? null,
      point_type_id: pt.id,
      points_expense: o.pointsExpense ?? 0,
      discount_type: discountType,
      discount_amount: discountAmount,
      code: o.code ?? null,
      available_online: o.availableOnline === false ? 0 : 1,
      location_ids: locationIds === null ? null : JSON.stringify(locationIds),
      position: existing ? Number(existing.position) : await position(),
    };
    await upsertPromotion(tx, row);
    out.promotions.push({ ...promotionView(row), organizationId: organization, locationIds });
  }
  return out;
}
