// The library without its 80 locales' country names (its main entry loads them all): only the codes are needed.
import countries from 'i18n-iso-countries/index.js';
import { isUniqueViolation } from '../../core/db/errors.ts';
import type { SandboxScope } from '../../core/scope.ts';
import { decimal } from './binding.ts';
import { alreadyExists, badRequest, notFound, unknownReference } from './errors.ts';
import type { MoneyInput, OrderInput } from './schemas.ts';
import { existingModelIds, insertOrder, selectFiles, selectOrder } from './store.ts';
import { iso, orderView, statusView, type Money, type OrderView } from './views.ts';
import { emitEvent } from './webhooks.ts';

const COUNTRIES = new Set(Object.keys(countries.getAlpha2Codes()));
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
/** The WHATWG form of an e-mail address, with a dot in its domain. */
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * `purchaseDateUtc`: ISO 8601 (`2021-06-01T14:46:28Z`, with an offset, or none: UTC) and the
 * form PHP clients send (`Y-m-d H:i:s`, UTC). A date that does not exist is refused.
 */
export function parsePurchaseDate(text: string): number | null {
  const m = DATE.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), ms);
  const back = new Date(utc);
  if (back.getUTCFullYear() !== Number(y) || back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d) || back.getUTCHours() !== Number(h) || back.getUTCMinutes() !== Number(mi) || back.getUTCSeconds() !== Number(sec)) return null;
  if (!zone || zone.toUpperCase() === 'Z') return utc;
  const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  const offset = (Number(z[2]) * 60 + Number(z[3])) * 60_000 * (z[1] === '+' ? 1 : -1);
  return utc - offset;
}

function money(input: MoneyInput, subject: string): Money {
  const currency = input.currency.trim().toUpperCase();
  if (!CURRENCIES.has(currency)) throw badRequest('InvalidValue', `${subject}.currency`, `The value '${input.currency}' of ${subject}.currency is not an ISO 4217 currency code.`);
  return { amount: decimal(input.amount)!, currency };
}

const text = (v: string | null | undefined) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** Every rule of the body that its schema does not say; the order as it will be stored. */
function checked(input: OrderInput): Omit<OrderView, 'id' | 'createdAt' | 'products'> & { products: Array<Omit<OrderView['products'][number], 'id'>> } {
  const mail = input.customerMail.trim();
  if (!EMAIL.test(mail)) throw badRequest('InvalidFormat', 'customerMail', `The customerMail field is not a valid e-mail address: '${input.customerMail}'.`);
  const country = input.address.countryCode.trim().toUpperCase();
  if (!COUNTRIES.has(country)) throw badRequest('InvalidValue', 'address.countryCode', `The value '${input.address.countryCode}' of address.countryCode is not an ISO 3166-1 alpha-2 country code.`);
  const purchased = parsePurchaseDate(input.purchaseDateUtc);
  if (purchased === null) throw badRequest('InvalidFormat', 'purchaseDateUtc', `The value '${input.purchaseDateUtc}' of purchaseDateUtc is not a valid date (ISO 8601, or 'yyyy-MM-dd HH:mm:ss').`);
  const a = input.address;
  return {
    orderReference: input.orderReference.trim(),
    civility: text(input.civility),
    customerFirstName: text(input.customerFirstName),
    customerLastName: input.customerLastName.trim(),
    customerMail: mail,
    phoneNumber: text(input.phoneNumber),
    address: {
      companyName: text(a.companyName),
      streetAddress: a.streetAddress.trim(),
      additionalAddress: text(a.additionalAddress),
      doorCode: text(a.doorCode),
      floor: text(a.floor),
      zipCode: a.zipCode.trim(),
      city: a.city.trim(),
      countryCode: country,
      phone: text(a.phone),
    },
    purchaseDateUtc: iso(purchased),
    salesChannel: text(input.salesChannel),
    shippingPrice: input.shippingPrice ? money(input.shippingPrice, 'shippingPrice') : null,
    products: input.products.map((p, i) => ({
      modelId: p.modelId.trim(),
      price: money(p.price, `products[${i}].price`),
      orderLineReference: p.orderLineReference === null || p.orderLineReference === undefined ? null : String(p.orderLineReference),
      serialNumber: text(p.serialNumber),
    })),
  };
}

/** `PUT orders`: imports an order; `orderReference` unique in the sandbox, every `modelId` a model of it. */
export async function importOrder(s: SandboxScope, input: OrderInput): Promise<OrderView> {
  const order = checked(input);
  try {
    return await s.tx(async (tx) => {
      // A taken orderReference: the unique (sandbox, reference) refuses the insert (below).
      const models = await existingModelIds(tx, s.sandboxId, order.products.map((p) => p.modelId));
      order.products.forEach((p, i) => {
        if (!models.has(p.modelId)) throw unknownReference(`products[${i}].modelId`, 'model', p.modelId);
      });
      const id = s.random.uuid();
      const doc: Omit<OrderView, 'id'> = { ...order, products: order.products.map((p) => ({ id: s.random.uuid(), ...p })), createdAt: iso(s.now) };
      await insertOrder(tx, { sandbox_id: s.sandboxId, id, reference: order.orderReference, doc: JSON.stringify(doc), created_at: s.now });
      const view: OrderView = { id, ...doc };
      await emitEvent(s, tx, 'Order', 'Create', view.id, view);
      return view;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw alreadyExists('orderReference', 'order', order.orderReference);
    throw err;
  }
}

export async function getOrder(s: SandboxScope, reference: string): Promise<OrderView> {
  const row = await selectOrder(s.db, s.sandboxId, { reference });
  if (!row) throw notFound('orderReference', 'order', reference);
  return orderView(row);
}

/** `GET orders/{orderReference}/status`: see views.ts `statusView`. */
export async function orderStatus(s: SandboxScope, reference: string) {
  const order = await getOrder(s, reference);
  return statusView(order, await selectFiles(s.db, s.sandboxId, { orderId: order.id }));
}
