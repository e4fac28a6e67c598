import { nextId, nextIds } from '../../core/db/sequences.ts';
import { parseJson } from '../../core/http/json.ts';
import type { SandboxScope } from '../../core/scope.ts';
import { allRecords } from '../../core/sync.ts';
import { activeAt, deactivatedInMenus, storeStatus, where, type StoreRecord } from './catalog.ts';
import { currentCustomer, laravelTime } from './customers.ts';
import { invalid, notFound } from './errors.ts';
import {
  addPoints,
  chargeCard,
  closeOrder,
  getSetting,
  insertOrder,
  selectCard,
  selectContents,
  selectDeliveries,
  selectOrder,
  selectOrders,
  selectRecentContents,
  selectTable,
  SEQUENCE,
  spendPoints,
  type ContentRow,
  type DeliveryRow,
  type OrderRow,
} from './store.ts';

/** The open order's status (choice: the document only shows a closed one, 5). */
export const OPEN = 1;
export const CLOSED = 5;

/** The account's earning rule (fixtures): one point per `centsPerPoint` cents of a closed order's total. */
export interface EarningRule {
  centsPerPoint: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A field of the order form: a JSON string (form encoding) or the object itself (a JSON body). */
function jsonField(body: Obj, name: string): unknown {
  const v = body[name];
  if (typeof v !== 'string') return v;
  if (v.trim() === '') return undefined;
  try {
    return parseJson(v);
  } catch {
    throw invalid(name, `The ${name} must be a valid JSON string.`);
  }
}

function int(v: unknown, field: string, opts: { min?: number; nullable?: boolean } = {}): number | null {
  if (v === undefined || v === null || v === '') {
    if (opts.nullable) return null;
    throw invalid(field, `The ${field} field is required.`);
  }
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  if (!Number.isSafeInteger(n)) throw invalid(field, `The ${field} must be an integer.`);
  if (opts.min !== undefined && (n as number) < opts.min) throw invalid(field, `The ${field} must be at least ${opts.min}.`);
  return n as number;
}

/** `taxAmount = floor(total × tax / (10000 + tax))`: `tax` is hundredths of a percent, prices include it (every sample agrees). */
export const taxOf = (total: number, tax: number) => Math.floor((total * tax) / (10000 + tax));

interface PlannedContent {
  product_id: number;
  quantity: number;
  price: number;
  tax: number;
  pointsSpent: number | null;
  total: number;
  taxAmount: number;
  subtotal: number;
  modifiers: unknown;
  menuContents: Obj[];
  notes: string | null;
}

/** The sent value, if any, must be the one the rule gives; else 422 naming the field. */
function agrees(sent: unknown, expected: number, field: string, rule: string): void {
  if (sent === undefined || sent === null) return;
  if (int(sent, field) !== expected) throw invalid(field, `The ${field} must be ${expected} (${rule}).`);
}

function planContent(raw: unknown, i: number): PlannedContent {
  const at = `contents.${i}`;
  if (!isObj(raw)) throw invalid(at, `The ${at} must be an object.`);
  const quantity = int(raw.quantity, `${at}.quantity`, { min: 1 })!;
  const price = int(raw.price, `${at}.price`, { min: 0 })!;
  const tax = int(raw.tax ?? 0, `${at}.tax`, { min: 0 })!;
  const pointsSpent = int(raw.pointsSpent, `${at}.pointsSpent`, { min: 0, nullable: true });
  const paidInPoints = pointsSpent !== null && pointsSpent > 0;
  const total = paidInPoints ? 0 : price * quantity;
  const taxAmount = taxOf(total, tax);
  agrees(raw.total, total, `${at}.total`, paidInPoints ? '0: paid in points' : 'price × quantity');
  agrees(raw.taxAmount, taxAmount, `${at}.taxAmount`, 'floor(total × tax / (10000 + tax))');
  agrees(raw.subtotal, total - taxAmount, `${at}.subtotal`, 'total − taxAmount');
  const menu = raw.menuContents ?? raw.menu_contents;
  const menuContents = menu === undefined || menu === null ? [] : Array.isArray(menu) ? menu : [menu];
  menuContents.forEach((m, j) => {
    if (!isObj(m)) throw invalid(`${at}.menuContents.${j}`, `The ${at}.menuContents.${j} must be an object.`);
    int(m.product_id, `${at}.menuContents.${j}.product_id`, { min: 1 });
  });
  if (raw.modifiers !== undefined && raw.modifiers !== null && !Array.isArray(raw.modifiers)) throw invalid(`${at}.modifiers`, `The ${at}.modifiers must be an array.`);
  return {
    product_id: int(raw.product_id, `${at}.product_id`, { min: 1 })!,
    quantity,
    price,
    tax,
    pointsSpent,
    total,
    taxAmount,
    subtotal: total - taxAmount,
    modifiers: raw.modifiers ?? null,
    menuContents: menuContents as Obj[],
    notes: typeof raw.notes === 'string' ? raw.notes : null,
  };
}

/** The delivery `time` as the app sends it (`12:30`) is that time today, by the sandbox clock. */
function deliveryTime(raw: unknown, now: number): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  const t = String(raw).trim();
  if (/^\d{2}:\d{2}$/.test(t)) return `${laravelTime(now).slice(0, 10)} ${t}:00`;
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(t)) return t.length === 16 ? `${t}:00` : t;
  throw invalid('delivery.time', 'The delivery.time must be HH:MM or YYYY-MM-DD HH:MM:SS.');
}

const optText = (v: unknown, field: string) => {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' && typeof v !== 'number') throw invalid(field, `The ${field} must be a string.`);
  return String(v);
};

/**
 * `POST customer/orders` (revo-intouch.txt, "Create an order"): `order`, `contents`, `card`,
 * `store`, `delivery`, as form fields holding JSON or one JSON body. Every product must exist and
 * be active at the store, the store must be online, the arithmetic must hold; points paid and the
 * card's charge are taken in the order's transaction, all or nothing.
 */
export async function createOrder(s: SandboxScope, raw: unknown) {
  const customer = await currentCustomer(s);
  const body = isObj(raw) ? raw : {};
  const order = jsonField(body, 'order');
  const contentsRaw = jsonField(body, 'contents');
  const deliveryRaw = jsonField(body, 'delivery');
  if (order === undefined || order === null) throw invalid('order', 'The order field is required.');
  if (!isObj(order)) throw invalid('order', 'The order must be a JSON object.');
  if (contentsRaw === undefined || contentsRaw === null) throw invalid('contents', 'The contents field is required.');
  if (!Array.isArray(contentsRaw) || contentsRaw.length === 0) throw invalid('contents', 'The contents must be a non-empty JSON array.');
  if (contentsRaw.length > 500) throw invalid('contents', 'The contents must not have more than 500 items.');
  if (deliveryRaw !== undefined && deliveryRaw !== null && !isObj(deliveryRaw)) throw invalid('delivery', 'The delivery must be a JSON object.');
  const contents = contentsRaw.map(planContent);

  const total = contents.reduce((sum, c) => sum + c.total, 0);
  const taxAmount = contents.reduce((sum, c) => sum + c.taxAmount, 0);
  agrees(order.total, total, 'order.total', 'the sum of the contents’ totals');
  agrees(order.taxAmount, taxAmount, 'order.taxAmount', 'the sum of the contents’ taxAmount');
  agrees(order.subtotal, total - taxAmount, 'order.subtotal', 'total − taxAmount');
  const discountAmount = int(order.discountAmount ?? 0, 'order.discountAmount', { min: 0 })!;

  // The store: "it can be ignored if there is only one store".
  let storeId = int(body.store, 'store', { min: 1, nullable: true });
  if (storeId === null) {
    const stores = await allRecords<StoreRecord>(s.db, where(s, 'stores'));
    if (stores.length !== 1) throw invalid('store', 'The store field is required when the account has more than one store.');
    storeId = stores[0].id;
  }
  let status: string;
  try {
    status = await storeStatus(s, storeId);
  } catch {
    throw invalid('store', 'The selected store is invalid.');
  }
  if (status !== 'online') throw invalid('store', `The store is not accepting orders (it is ${status}).`);

  const productIds = contents.map((c) => c.product_id);
  const menuIds = contents.flatMap((c) => c.menuContents.map((m) => Number(m.product_id)));
  const states = await activeAt(s.db, s, [...new Set([...productIds, ...menuIds])], storeId);
  const offMenus = menuIds.length ? await deactivatedInMenus(s.db, s) : new Set<number>();
  contents.forEach((c, i) => {
    const state = states.get(c.product_id);
    if (state === 'unknown') throw invalid(`contents.${i}.product_id`, `The selected product ${c.product_id} is invalid.`);
    if (state === 'inactive') throw invalid(`contents.${i}.product_id`, `The product ${c.product_id} is not available at store ${storeId}.`);
    c.menuContents.forEach((m, j) => {
      const id = Number(m.product_id);
      const field = `contents.${i}.menuContents.${j}.product_id`;
      if (states.get(id) === 'unknown') throw invalid(field, `The selected product ${id} is invalid.`);
      if (states.get(id) === 'inactive' || offMenus.has(id)) throw invalid(field, `The product ${id} is not available at store ${storeId}.`);
    });
  });

  const delivery = isObj(deliveryRaw) ? deliveryRaw : null;
  const tableId = int(order.table_id ?? order.tableId ?? delivery?.tableId ?? delivery?.table_id, 'order.table_id', { min: 1, nullable: true });
  if (tableId !== null && !(await selectTable(s.db, s.sandboxId, tableId))) throw invalid('order.table_id', 'The selected table is invalid.');
  const cardUuid = body.card === undefined || body.card === null || body.card === '' ? null : String(body.card);
  const pointsSpent = contents.reduce((sum, c) => sum + (c.pointsSpent ?? 0), 0);
  const deliveryTimeValue = delivery ? deliveryTime(delivery.time, s.now) : null;

  const placed = await s.tx(async (tx) => {
    let cardId: number | null = null;
    if (cardUuid !== null) {
      const card = await selectCard(tx, s.sandboxId, cardUuid);
      if (!card || Number(card.customer_id) !== Number(customer.id)) throw invalid('card', 'The selected card is invalid.');
      cardId = Number(card.id);
    }
    if (pointsSpent > 0 && (await spendPoints(tx, s.sandboxId, Number(customer.id), pointsSpent)) === undefined) {
      throw invalid('contents', `The customer does not have the ${pointsSpent} points these contents are paid with.`);
    }
    if (cardId !== null && total > 0 && (await chargeCard(tx, s.sandboxId, cardId, total)) === undefined) {
      throw invalid('card', `The card does not have the ${total} cents this order costs.`);
    }
    const orderId = await nextId(tx, s.sandboxId, SEQUENCE.order);
    const deliveryRow: DeliveryRow | null = delivery
      ? {
          sandbox_id: s.sandboxId,
          id: await nextId(tx, s.sandboxId, SEQUENCE.delivery),
          address: optText(delivery.address, 'delivery.address'),
          city: optText(delivery.city, 'delivery.city'),
          phone: optText(delivery.phone, 'delivery.phone'),
          time: deliveryTimeValue,
          geolocation: optText(delivery.geolocation, 'delivery.geolocation'),
          table_id: tableId,
          job_id: null,
          notes: optText(delivery.notes, 'delivery.notes'),
          delivery_zone_id: null,
          created_at: s.now,
        }
      : null;
    const row: OrderRow = {
      sandbox_id: s.sandboxId,
      id: orderId,
      store_id: storeId!,
      customer_id: Number(customer.id),
      delivery_id: deliveryRow?.id ?? null,
      subtotal: total - taxAmount,
      tax_amount: taxAmount,
      total,
      points_earned: 0,
      points_spent: pointsSpent,
      discount_amount: discountAmount,
      status: OPEN,
      // The POS ticket number: the order's own number (the demo's orders have it so).
      pos_id: orderId,
      contact: optText(order.contact, 'order.contact'),
      paid: cardId !== null ? 1 : 0,
      card_uuid: cardUuid,
      table_id: tableId,
      created_at: s.now,
      closed_at: null,
    };
    const firstContent = await nextIds(tx, s.sandboxId, SEQUENCE.content, contents.length);
    const contentRows: ContentRow[] = [];
    for (const [i, c] of contents.entries()) {
      contentRows.push({
        sandbox_id: s.sandboxId,
        id: firstContent + i,
        order_id: orderId,
        customer_id: Number(customer.id),
        product_id: c.product_id,
        modifiers: c.modifiers === null ? null : JSON.stringify(c.modifiers),
        menu_contents: JSON.stringify(c.menuContents),
        points_spent: c.pointsSpent,
        price: c.price,
        subtotal: c.subtotal,
        tax_amount: c.taxAmount,
        tax: c.tax,
        quantity: c.quantity,
        total: c.total,
        notes: c.notes,
        created_at: s.now,
      });
    }
    await insertOrder(tx, row, contentRows, deliveryRow);
    return { row, contentRows, deliveryRow };
  });
  return orderView(placed.row, placed.contentRows, placed.deliveryRow);
}

const contentView = (r: ContentRow) => ({
  id: Number(r.id),
  order_id: Number(r.order_id),
  product_id: Number(r.product_id),
  modifiers: r.modifiers === null ? null : JSON.parse(r.modifiers),
  pointsSpent: r.points_spent === null ? null : Number(r.points_spent),
  price: Number(r.price),
  subtotal: Number(r.subtotal),
  taxAmount: Number(r.tax_amount),
  tax: Number(r.tax),
  quantity: Number(r.quantity),
  total: Number(r.total),
  created_at: laravelTime(Number(r.created_at)),
  notes: r.notes,
  menu_contents: JSON.parse(r.menu_contents),
});

const deliveryView = (d: DeliveryRow) => ({
  id: Number(d.id),
  address: d.address,
  city: d.city,
  phone: d.phone,
  time: d.time,
  geolocation: d.geolocation,
  created_at: laravelTime(Number(d.created_at)),
  tableId: d.table_id === null ? null : Number(d.table_id),
  job_id: d.job_id === null ? null : Number(d.job_id),
  notes: d.notes,
  delivery_zone_id: d.delivery_zone_id === null ? null : Number(d.delivery_zone_id),
});

/** `GET customer/orders`'s shape: each order with its delivery and contents. */
async function orderViews(s: SandboxScope, orders: OrderRow[]) {
  const ids = orders.map((o) => Number(o.id));
  const [contents, deliveries] = await Promise.all([
    selectContents(s.db, s.sandboxId, ids),
    selectDeliveries(s.db, s.sandboxId, orders.filter((o) => o.delivery_id !== null).map((o) => Number(o.delivery_id))),
  ]);
  return orders.map((o) =>
    orderView(
      o,
      contents.filter((c) => Number(c.order_id) === Number(o.id)),
      o.delivery_id === null ? null : (deliveries.find((x) => Number(x.id) === Number(o.delivery_id)) ?? null),
    ),
  );
}

function orderView(o: OrderRow, contents: ContentRow[], d: DeliveryRow | null) {
  return {
    id: Number(o.id),
    store_id: Number(o.store_id),
    customer_id: Number(o.customer_id),
    delivery_id: o.delivery_id === null ? null : Number(o.delivery_id),
    subtotal: Number(o.subtotal),
    taxAmount: Number(o.tax_amount),
    total: Number(o.total),
    pointsEarned: Number(o.points_earned),
    closed_at: o.closed_at === null ? null : laravelTime(Number(o.closed_at)),
    created_at: laravelTime(Number(o.created_at)),
    status: Number(o.status),
    pos_id: Number(o.pos_id),
    discountAmount: Number(o.discount_amount),
    contact: o.contact,
    paid: Number(o.paid),
    delivery: d ? deliveryView(d) : null,
    contents: contents.map(contentView),
  };
}

export async function listOrders(s: SandboxScope) {
  const c = await currentCustomer(s);
  return orderViews(s, await selectOrders(s.db, s.sandboxId, Number(c.id)));
}

/**
 * `PUT customer/orders/{id}`: closes the order (status 5, `closed_at` by the sandbox clock) and
 * only then credits `pointsEarned` by the account's earning rule; closing twice changes nothing.
 */
export async function closeCustomerOrder(s: SandboxScope, id: number) {
  const c = await currentCustomer(s);
  const order = await selectOrder(s.db, s.sandboxId, id);
  if (!order || Number(order.customer_id) !== Number(c.id)) throw notFound('Order', id);
  const rule = (await getSetting<EarningRule>(s.db, s.sandboxId, 'earning-rule')) ?? { centsPerPoint: 0 };
  const earned = rule.centsPerPoint > 0 ? Math.floor(Number(order.total) / rule.centsPerPoint) : 0;
  await s.tx(async (tx) => {
    if (await closeOrder(tx, s.sandboxId, id, s.now, earned)) {
      if (earned > 0) await addPoints(tx, s.sandboxId, Number(c.id), earned);
    }
  });
  return (await orderViews(s, [(await selectOrder(s.db, s.sandboxId, id))!]))[0];
}

/** How many of the customer's latest order lines `lastContents` lists (choice). */
const LAST_CONTENTS = 10;

/** `GET customer/lastOrder`: the latest order with its contents, and the customer's latest order lines. */
export async function lastOrder(s: SandboxScope) {
  const c = await currentCustomer(s);
  const [latest] = await selectOrders(s.db, s.sandboxId, Number(c.id), 1);
  const recent = await selectRecentContents(s.db, s.sandboxId, Number(c.id), LAST_CONTENTS);
  const lastContents = recent.map((r) => ({
    id: Number(r.id),
    quantity: Number(r.quantity),
    tax: Number(r.tax),
    total: Number(r.total),
    order_id: Number(r.order_id),
    subtotal: Number(r.subtotal),
    price: Number(r.price),
    product_id: Number(r.product_id),
    pointsSpent: r.points_spent === null ? null : Number(r.points_spent),
    customer_id: Number(r.customer_id),
    taxAmount: Number(r.tax_amount),
  }));
  if (!latest) return { lastContents, lastOrder: null };
  const contents = await selectContents(s.db, s.sandboxId, [Number(latest.id)]);
  return {
    lastContents,
    lastOrder: {
      closed_at: latest.closed_at === null ? null : laravelTime(Number(latest.closed_at)),
      id: Number(latest.id),
      subtotal: Number(latest.subtotal),
      created_at: laravelTime(Number(latest.created_at)),
      contents: contents.map((r) => ({
        id: Number(r.id),
        quantity: Number(r.quantity),
        tax: Number(r.tax),
        created_at: laravelTime(Number(r.created_at)),
        total: Number(r.total),
        order_id: Number(r.order_id),
        subtotal: Number(r.subtotal),
        price: Number(r.price),
        product_id: Number(r.product_id),
        pointsSpent: r.points_spent === null ? null : Number(r.points_spent),
        taxAmount: Number(r.tax_amount),
      })),
      pointsEarned: Number(latest.points_earned),
      total: Number(latest.total),
      customer_id: Number(latest.customer_id),
      taxAmount: Number(latest.tax_amount),
    },
  };
}
