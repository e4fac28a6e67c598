import type { SandboxScope } from '../../core/scope.ts';
import { getProduct, idList } from './catalog.ts';
import { CUSTOMER_TOKEN } from './credentials.ts';
import { currentCustomer } from './customers.ts';
import { invalid, notFound } from './errors.ts';
import { addPoints, claimInvoice, selectCustomer, selectInvoice, spendPoints, type CustomerRow } from './store.ts';

/** `GET customer/points`. */
export async function customerPoints(s: SandboxScope) {
  return { points: Number((await currentCustomer(s)).points) };
}

/** The customer a customer token in the path stands for (`customers/{customer-token}/points`, with the API token). */
async function customerOfToken(s: SandboxScope, token: string): Promise<CustomerRow> {
  // A customer token travels in this path: it is a secret like any other.
  s.secret(token);
  const found = await s.tokenSubject(CUSTOMER_TOKEN, token);
  const c = found ? await selectCustomer(s.db, s.sandboxId, Number(found)) : undefined;
  if (!c) throw notFound('Customer', token);
  return c;
}

/** The points price of each product: the product's `points`. */
async function productPoints(s: SandboxScope, raw: unknown) {
  const ids = idList(raw, 'products');
  const out: Array<{ id: number; points: number }> = [];
  for (const id of ids) {
    const p = await getProduct(s.db, s, id);
    if (!p || p.deleted_at) throw invalid('products', `The selected product ${id} is invalid.`);
    out.push({ id, points: Number(p.points ?? 0) });
  }
  return out;
}

/** `GET customers/{customer-token}/points`: the customer's points and the points price of the products. */
export async function pointsForProducts(s: SandboxScope, token: string, products: unknown) {
  const c = await customerOfToken(s, token);
  return { leftPoints: Number(c.points), productPoints: products === undefined ? [] : await productPoints(s, products) };
}

/** `POST customers/{customer-token}/points`: spends the products' points, all or nothing (422 when short). */
export async function spendForProducts(s: SandboxScope, token: string, products: unknown) {
  const c = await customerOfToken(s, token);
  if (products === undefined) throw invalid('products', 'The products field is required.');
  const spent = (await productPoints(s, products)).reduce((sum, p) => sum + p.points, 0);
  const left = spent === 0 ? Number(c.points) : await s.tx((tx) => spendPoints(tx, s.sandboxId, Number(c.id), spent));
  if (left === undefined) throw invalid('products', `The customer does not have the ${spent} points these products need.`);
  return { spentPoints: spent, leftPoints: left };
}

/** `POST customer/invoices/{id}/points/obtain`: a POS invoice's points, credited once. */
export async function obtainInvoicePoints(s: SandboxScope, id: number) {
  const c = await currentCustomer(s);
  return s.tx(async (tx) => {
    const invoice = await claimInvoice(tx, s.sandboxId, id, Number(c.id));
    if (!invoice) {
      const known = await selectInvoice(tx, s.sandboxId, id);
      throw invalid('id', known ? 'The points of this invoice have already been obtained.' : 'The selected invoice is invalid.');
    }
    const leftPoints = await addPoints(tx, s.sandboxId, Number(c.id), Number(invoice.points));
    return { points: Number(invoice.points), leftPoints };
  });
}
