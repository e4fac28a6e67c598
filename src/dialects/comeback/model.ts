import type { Db, Tx } from '../../core/db/engine.ts';
import { isUniqueViolation } from '../../core/db/errors.ts';
import { nextId } from '../../core/db/sequences.ts';
import type { SandboxScope } from '../../core/scope.ts';
import { badRequest, conflict, notFound } from './errors.ts';
import { Ledger } from './points.ts';
import type { AddPointsInput, NewCustomerInput, NewPromotionInput } from './schemas.ts';
import {
  countCustomers,
  deleteCustomerRows,
  insertCustomer,
  lockCustomer,
  selectCustomer,
  selectCustomerByIdentifier,
  selectCustomerPage,
  selectCustomerWithBalances,
  type CustomerWithLevels,
} from './customer-store.ts';
import { selectAppliedPromotions } from './order-store.ts';
import { selectBalances, type BalanceRow } from './points-store.ts';
import {
  CUSTOMER_SEQUENCE,
  insertPromotion,
  POSITION_SEQUENCE,
  selectAnyPointType,
  selectLocation,
  selectLocations,
  selectOrganization,
  selectPointTypes,
  selectPromotions,
  type CustomerRow,
  type PromotionRow,
} from './store.ts';
import { customerView, iso, levelOf, locationView, pointTypeView, promotionView, type CustomerView, type Level } from './views.ts';
import { EventBatch } from './webhooks.ts';
import { passCode } from './passes.ts';
import { SandboxGoneError } from '../../core/errors.ts';

/**
 * What a request acts as: one organization of one sandbox (a token belongs to one
 * organization, comeback.txt "Overview"), at the sandbox clock's `nowMs`.
 */
export interface OrgScope {
  /** The request's (or job's) sandbox scope: transactions, events, timers, random. */
  scope: SandboxScope;
  db: Db;
  sandboxId: string;
  organizationId: string;
  /** The organization's token, sent back on its webhooks. */
  token: string;
  nowMs: number;
}

export const PAGE_SIZE = 100;

export const eventsOf = (s: OrgScope) => new EventBatch(s.scope, s.token);

/** What a token acts as: its organization, in the scope's sandbox (comeback.txt "Overview"). */
export function orgScope(scope: SandboxScope, organizationId: string, token: string): OrgScope {
  return { scope, db: scope.db, sandboxId: scope.sandboxId, organizationId, token, nowMs: scope.now };
}
export const levelsOf = (json: string) => JSON.parse(json) as Level[];

// ---------------------------------------------------------------- input checks

/** "Full phone number with country code": E.164 once spaces, dots, dashes and brackets are dropped. */
export function normalizePhone(raw: string): string | null {
  const s = raw.replace(/[\s().-]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(s) ? s : null;
}

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
export function validEmail(raw: string): boolean {
  return raw.length <= 254 && EMAIL.test(raw);
}

function validDate(raw: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) return false;
  const ms = Date.parse(`${raw}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === raw;
}

// ---------------------------------------------------------------- reads

export async function listLocations(s: OrgScope) {
  return (await selectLocations(s.db, s.sandboxId, s.organizationId)).map(locationView);
}

export async function listPointTypes(s: OrgScope) {
  return { pointTypes: (await selectPointTypes(s.db, s.sandboxId, s.organizationId)).map(pointTypeView) };
}

export async function listPromotions(s: OrgScope) {
  return { promotions: (await selectPromotions(s.db, s.sandboxId, s.organizationId)).map(promotionView) };
}

/**
 * Points whose expiry has come are removed when they are next looked at (any read or write
 * of the customer) or by the periodic sweep, whichever is first; each removal sends
 * customer-points:updated in its own transaction.
 */
export async function settleExpiry(s: OrgScope, customerId: string): Promise<void> {
  const events = eventsOf(s);
  await s.scope.tx(async (tx) => {
    if (!(await lockCustomer(tx, s.sandboxId, s.organizationId, customerId))) return;
    await new Ledger(tx, s.scope, customerId, events).balances();
  });
}

/**
 * Customer objects for some customers of the organization, their expired points settled
 * first. `loaded`: balances already read with the customers.
 */
async function viewsOf(s: OrgScope, customers: CustomerWithLevels[], locationId?: string, loaded?: BalanceRow[]): Promise<CustomerView[]> {
  if (customers.length === 0) return [];
  const ids = customers.map((c) => c.id);
  const [first, promotions] = await Promise.all([loaded ?? selectBalances(s.db, s.sandboxId, ids), selectPromotions(s.db, s.sandboxId, s.organizationId)]);
  let balances = first;
  const due = new Set(balances.filter((b) => b.next_expiry_at !== null && Number(b.next_expiry_at) <= s.nowMs).map((b) => b.customer_id));
  if (due.size > 0) {
    for (const id of due) await settleExpiry(s, id);
    balances = await selectBalances(s.db, s.sandboxId, ids);
  }
  // The views hold until the first of these balances' next expiries (a kept answer goes then).
  for (const b of balances) if (b.next_expiry_at !== null) s.scope.answerValidUntil(Number(b.next_expiry_at));
  const levels = levelsOf(customers[0].levels);
  return customers.map((c) => customerView(c, balances, levels, promotions, locationId));
}

export async function getCustomer(s: OrgScope, customerId: string): Promise<CustomerView> {
  const found = await selectCustomerWithBalances(s.db, s.sandboxId, s.organizationId, customerId);
  if (!found) throw notFound(`Customer ${customerId} not found`);
  return (await viewsOf(s, [found.customer], undefined, found.balances))[0];
}

function identifierOf(identifier: string) {
  const trimmed = identifier.trim();
  return {
    id: trimmed,
    phone: normalizePhone(trimmed),
    emailKey: trimmed.includes('@') ? trimmed.toLowerCase() : null,
  };
}

/** GET location/:locationId/customer/:identifier: promotions as usable at that location. */
export async function scanCustomer(s: OrgScope, locationId: string, identifier: string): Promise<CustomerView> {
  const location = await selectLocation(s.db, s.sandboxId, s.organizationId, locationId);
  if (!location) throw notFound(`Location ${locationId} not found`);
  const c = await selectCustomerByIdentifier(s.db, s.sandboxId, s.organizationId, identifierOf(identifier));
  if (!c) throw notFound(`Customer ${identifier} not found`);
  return (await viewsOf(s, [c], locationId))[0];
}

/** GET customers?page=: pages of 100 from page 0, in sign-up order. */
export async function listCustomers(s: OrgScope, page: number) {
  const total = await countCustomers(s.db, s.sandboxId, s.organizationId);
  const lastPage = Math.max(0, Math.ceil(total / PAGE_SIZE) - 1);
  const rows = page > lastPage ? [] : await selectCustomerPage(s.db, s.sandboxId, s.organizationId, page * PAGE_SIZE, PAGE_SIZE);
  return { customers: await viewsOf(s, rows), page, lastPage };
}

export async function appliedPromotions(s: OrgScope, customerId: string) {
  const c = await selectCustomer(s.db, s.sandboxId, s.organizationId, customerId);
  if (!c) throw notFound(`Customer ${customerId} not found`);
  const rows = await selectAppliedPromotions(s.db, s.sandboxId, s.organizationId, customerId);
  return {
    appliedPromotions: rows.map((r) => ({
      promotionId: r.promotion_id,
      customerId: r.customer_id,
      creationTime: iso(r.creation_time),
      locationId: r.location_id,
      orderId: r.order_id,
    })),
  };
}

// ---------------------------------------------------------------- customers

/** POST customers. A phone number or email already used in the organization is a 409. */
export async function createCustomer(s: OrgScope, input: NewCustomerInput): Promise<CustomerView> {
  const name = input.name.trim();
  if (!name) throw badRequest('name must not be empty');
  const phoneRaw = input.phoneNumber ?? null;
  const emailRaw = input.email ?? null;
  const phone = phoneRaw === null || phoneRaw.trim() === '' ? null : normalizePhone(phoneRaw);
  if (phoneRaw !== null && phoneRaw.trim() !== '' && phone === null) {
    throw badRequest(`phoneNumber '${phoneRaw}' is not a full phone number with country code (e.g. +34666666666)`);
  }
  const email = emailRaw === null || emailRaw.trim() === '' ? null : emailRaw.trim();
  if (email !== null && !validEmail(email)) throw badRequest(`email '${emailRaw}' is not a valid email address`);
  if (phone === null && email === null) throw badRequest('a customer needs a phoneNumber or an email');
  const birthDate = input.birthDate ?? null;
  if (birthDate !== null && !validDate(birthDate)) throw badRequest(`birthDate '${birthDate}' is not a date in the format YYYY-MM-DD`);

  const org = await selectOrganization(s.db, s.sandboxId, s.organizationId);
  // A token's organization only disappears with its sandbox: the token is unknown now.
  if (!org) throw new SandboxGoneError(s.sandboxId);
  const events = eventsOf(s);
  const emailKey = email?.toLowerCase() ?? null;
  let view: CustomerView;
  try {
    view = await s.scope.tx(async (tx) => {
      const row: CustomerRow = {
        sandbox_id: s.sandboxId,
        id: s.scope.random.uuid(),
        organization_id: s.organizationId,
        seq: await nextId(tx, s.sandboxId, CUSTOMER_SEQUENCE),
        name,
        surname: input.surname ?? null,
        phone_number: phone,
        email,
        email_key: emailKey,
        creation_time: s.nowMs,
        source: input.source ?? 'API',
        marketing_communication: input.marketingCommunication ? 1 : 0,
        birth_date: birthDate,
        external_id: input.externalId ?? null,
        apple_downloaded: 0,
        android_downloaded: 0,
        lifetime_points: 0,
        pass_code: passCode(),
      };
      await insertCustomer(tx, row);
      const v = customerView(row, [], levelsOf(org.levels), await selectPromotions(tx, s.sandboxId, s.organizationId));
      await events.emit(tx, 'customer:created', v);
      return v;
    });
  } catch (err) {
    // The unique (organization, phone) and (organization, email) decide, also between two
    // sign-ups at once; the customer already there says which of the two is taken.
    if (!isUniqueViolation(err)) throw err;
    const clash = await selectCustomerByIdentifier(s.db, s.sandboxId, s.organizationId, { id: '', phone, emailKey });
    const what = !clash ? 'this phone number or email' : phone !== null && clash.phone_number === phone ? `phone number ${phone}` : `email ${email}`;
    throw conflict(`A customer with ${what} already exists in the organization`);
  }
  return view;
}

/** DELETE customers/:identifier, by id, phone number or email. */
export async function deleteCustomer(s: OrgScope, identifier: string): Promise<void> {
  const c = await selectCustomerByIdentifier(s.db, s.sandboxId, s.organizationId, identifierOf(identifier));
  if (!c) throw notFound(`Customer ${identifier} not found`);
  const gone = await s.scope.tx((tx) => deleteCustomerRows(tx, s.sandboxId, s.organizationId, c.id));
  if (!gone) throw notFound(`Customer ${identifier} not found`);
}

/**
 * (PUT|POST) customers/:customerId/addPoints. Negative `addedPoints` removes points, oldest
 * first, never below zero (400, nothing changed). Added points count towards the level.
 */
export async function addPoints(s: OrgScope, customerId: string, input: AddPointsInput): Promise<CustomerView> {
  const pointType = await selectAnyPointType(s.db, s.sandboxId, input.pointTypeId);
  if (!pointType || pointType.organization_id !== s.organizationId) throw badRequest(`Point type ${input.pointTypeId} not found`);
  const added = input.addedPoints;
  const events = eventsOf(s);
  const view = await s.scope.tx(async (tx) => {
    const c = await lockCustomer(tx, s.sandboxId, s.organizationId, customerId, Math.max(0, added));
    if (!c) throw notFound(`Customer ${customerId} not found`);
    const ledger = new Ledger(tx, s.scope, customerId, events);
    const before = await ledger.balances();
    if (added > 0) await ledger.earn([{ pointType, points: added }], null);
    if (added < 0 && (await ledger.spend(pointType.id, -added, null)) === undefined) {
      const has = Number(before.find((b) => b.point_type_id === pointType.id)?.amount ?? 0);
      throw badRequest(`Cannot remove ${-added} ${pointType.name} points: the customer has ${has}`);
    }
    const view = await lockedCustomerView(s, tx, c);
    if (levelChanged(c, added)) await events.emit(tx, 'customer:updated', view);
    return view;
  });
  return view;
}

/** The customer object of a customer locked by `lockCustomer`, as the transaction leaves it. */
export async function lockedCustomerView(s: OrgScope, tx: Tx, c: CustomerWithLevels): Promise<CustomerView> {
  const balances = await selectBalances(tx, s.sandboxId, [c.id]);
  const promotions = await selectPromotions(tx, s.sandboxId, s.organizationId);
  return customerView(c, balances, levelsOf(c.levels), promotions);
}

/** Whether adding `lifetimeAdded` points (already in `c`, as locked) moved the customer to another level: a customer:updated. */
export function levelChanged(c: CustomerWithLevels, lifetimeAdded: number): boolean {
  const levels = levelsOf(c.levels);
  const lifetime = Number(c.lifetime_points);
  return lifetimeAdded > 0 && levelOf(levels, lifetime - lifetimeAdded) !== levelOf(levels, lifetime);
}

// ---------------------------------------------------------------- promotions

export const DISCOUNT_TYPES = ['products', '2x1', 'percentage', 'currency'];

/** What is wrong with a promotion's discount (POST promotions and fixture bundles alike); null: nothing. */
export function discountProblem(type: string | null, amount: number | null): string | null {
  if (type !== null && !DISCOUNT_TYPES.includes(type)) return `discountType must be one of ${DISCOUNT_TYPES.join(', ')}`;
  if (type === 'percentage' && amount !== null && amount > 100) return 'a percentage discountAmount is at most 100';
  return null;
}

/** POST promotions. `code` may stand instead of `discountType`/`discountAmount` (comeback.txt). */
export async function createPromotion(s: OrgScope, input: NewPromotionInput) {
  const name = input.name.trim();
  if (!name) throw badRequest('name must not be empty');
  const code = input.code === undefined || input.code === null || input.code.trim() === '' ? null : input.code;
  const type = input.discountType ?? null;
  const amount = input.discountAmount ?? null;
  if (code === null && (type === null || amount === null)) {
    throw badRequest('discountType and discountAmount are required unless a code is provided');
  }
  const problem = discountProblem(type, amount);
  if (problem) throw badRequest(problem);
  const pointType = await selectAnyPointType(s.db, s.sandboxId, input.pointTypeId);
  if (!pointType || pointType.organization_id !== s.organizationId) throw badRequest(`Point type ${input.pointTypeId} not found`);
  const locationIds = input.locationIds ? await checkLocations(s, input.locationIds) : null;
  const row = await s.scope.tx(async (tx) => {
    const row: PromotionRow = {
      sandbox_id: s.sandboxId,
      id: s.scope.random.uuid(),
      organization_id: s.organizationId,
      name,
      description: input.description ?? null,
      point_type_id: pointType.id,
      points_expense: input.pointsExpense,
      discount_type: type,
      discount_amount: amount,
      code,
      available_online: input.availableOnline === false ? 0 : 1,
      location_ids: locationIds ? JSON.stringify(locationIds) : null,
      position: await nextId(tx, s.sandboxId, POSITION_SEQUENCE),
    };
    await insertPromotion(tx, row);
    return row;
  });
  return promotionView(row);
}

async function checkLocations(s: OrgScope, ids: string[]): Promise<string[]> {
  const own = new Set((await selectLocations(s.db, s.sandboxId, s.organizationId)).map((l) => l.id));
  for (const id of ids) if (!own.has(id)) throw badRequest(`Location ${id} not found`);
  return [...new Set(ids)];
}
