import type { BalanceRow } from './points-store.ts';
import type { CustomerRow, LocationRow, PointTypeRow, PromotionRow } from './store.ts';

/** comeback.txt "GET Customer", table Point. */
export interface PointView {
  amount: number;
  pointTypeId: string;
  pointTypeName: string;
}

/** comeback.txt "GET Customer", table Promotion (`code` only when the promotion has one). */
export interface CustomerPromotionView {
  id: string;
  name: string;
  description: string | null;
  discountType: string | null;
  discountAmount: number | null;
  pointsExpense: number;
  code?: string;
  availableOnline: boolean;
}

/** comeback.txt "GET Customer", table Customer, in the sample's key order. */
export interface CustomerView {
  id: string;
  name: string;
  surname: string | null;
  phoneNumber: string | null;
  email: string | null;
  creationTime: string;
  source: string | null;
  marketingCommunication: boolean;
  birthDate: string | null;
  externalId: string | null;
  appleDownloaded: boolean;
  androidDownloaded: boolean;
  points: PointView[];
  level: string | null;
  availablePromotions: CustomerPromotionView[];
}

export interface Level {
  name: string;
  minPoints: number;
}

export const iso = (ms: number) => new Date(Number(ms)).toISOString();

/** The highest level whose threshold the customer's lifetime points reach. */
export function levelOf(levels: Level[], lifetimePoints: number): string | null {
  let best: Level | null = null;
  for (const l of levels) if (lifetimePoints >= l.minPoints && (best === null || l.minPoints >= best.minPoints)) best = l;
  return best?.name ?? null;
}

export function locationView(r: LocationRow) {
  return {
    id: r.id,
    name: r.name,
    address: r.address,
    organizationId: r.organization_id,
    deleted: Number(r.deleted),
    countryCode: r.country_code,
    latitude: r.latitude === null ? null : Number(r.latitude),
    longitude: r.longitude === null ? null : Number(r.longitude),
  };
}

export function pointTypeView(r: PointTypeRow) {
  return {
    id: r.id,
    name: r.name,
    expirationDays: r.expiration_days === null ? null : Number(r.expiration_days),
    allowedPassIds: JSON.parse(r.allowed_pass_ids) as string[],
  };
}

/**
 * comeback.txt "GET Promotion List": the sample's fields in its order, then `pointsRequired`
 * (the same number; the document's table names it so), `pointTypeId`, `code` and `availableOnline`.
 */
export function promotionView(r: PromotionRow) {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    pointsExpense: Number(r.points_expense),
    discountType: r.discount_type,
    discountAmount: r.discount_amount === null ? null : Number(r.discount_amount),
    pointsRequired: Number(r.points_expense),
    pointTypeId: r.point_type_id,
    ...(r.code !== null && { code: r.code }),
    availableOnline: r.available_online === 1,
  };
}

export function customerPromotionView(r: PromotionRow): CustomerPromotionView {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    discountType: r.discount_type,
    discountAmount: r.discount_amount === null ? null : Number(r.discount_amount),
    pointsExpense: Number(r.points_expense),
    ...(r.code !== null && { code: r.code }),
    availableOnline: r.available_online === 1,
  };
}

/**
 * The promotions a customer can use now: enough points of the promotion's point type and,
 * when asked through a location, valid at that location (comeback.txt "GET Scanned customer").
 */
export function availablePromotions(promotions: PromotionRow[], balances: Map<string, number>, locationId?: string): CustomerPromotionView[] {
  const out: CustomerPromotionView[] = [];
  for (const p of promotions) {
    const expense = Number(p.points_expense);
    if (expense > 0 && (p.point_type_id === null || (balances.get(p.point_type_id) ?? 0) < expense)) continue;
    if (locationId !== undefined && p.location_ids !== null && !(JSON.parse(p.location_ids) as string[]).includes(locationId)) continue;
    out.push(customerPromotionView(p));
  }
  return out;
}

export function customerView(
  c: CustomerRow,
  balances: BalanceRow[],
  levels: Level[],
  promotions: PromotionRow[],
  locationId?: string,
): CustomerView {
  const byType = new Map<string, number>();
  const points: PointView[] = [];
  for (const b of balances) {
    if (b.customer_id !== c.id) continue;
    byType.set(b.point_type_id, Number(b.amount));
    points.push({ amount: Number(b.amount), pointTypeId: b.point_type_id, pointTypeName: b.point_type_name });
  }
  return {
    id: c.id,
    name: c.name,
    surname: c.surname,
    phoneNumber: c.phone_number,
    email: c.email,
    creationTime: iso(c.creation_time),
    source: c.source,
    marketingCommunication: c.marketing_communication === 1,
    birthDate: c.birth_date,
    externalId: c.external_id,
    appleDownloaded: c.apple_downloaded === 1,
    androidDownloaded: c.android_downloaded === 1,
    points,
    level: levelOf(levels, Number(c.lifetime_points)),
    availablePromotions: availablePromotions(promotions, byType, locationId),
  };
}
