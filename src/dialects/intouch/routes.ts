import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DialectServices } from '../../core/dialect.ts';
import { updateStatus, statusChangeOf, storeStatus, storesOfUsername, syncAnswer, syncFrom, SYNC_MODELS } from './catalog.ts';
import { createCard, listCards, ownCard, cardView, reload } from './cards.ts';
import { associateGroup, currentCustomer, customerView, login, register, updateProfile, uploadPhoto } from './customers.ts';
import { invalid, notFound } from './errors.ts';
import { closeCustomerOrder, createOrder, lastOrder, listOrders } from './orders.ts';
import { customerPoints, obtainInvoicePoints, pointsForProducts, spendForProducts } from './points.ts';
import { setStoreStatus, soloUrls, tableAvailable, theme } from './stores.ts';
import { parseJson } from '../../core/http/json.ts';
import { Unauthenticated } from './openapi.ts';

/** Every answer is `{"data": …}` (FIDELITY.md). */
const DataAnswer = { type: 'object', required: ['data'], properties: { data: { description: 'the records, as the document shows them' } }, additionalProperties: false };
/** A login with a wrong email or password, or (as every call) an unknown account. It serializes both. */
const LoginRefused = {
  description: 'These credentials do not match our records; or an unknown account',
  anyOf: [{ type: 'object', required: ['error', 'code', 'data'], properties: { error: { type: 'string' }, code: { const: 0 }, data: { type: 'array', maxItems: 0 } }, additionalProperties: false }, Unauthenticated],
};
/** The catalog sync answers: what is new, updated and deleted since `from` (revo-intouch.txt). */
const changes = { anyOf: [{ type: 'array' }, { type: 'null' }] };
const SyncAnswer = {
  type: 'object',
  required: ['data'],
  properties: { data: { type: 'object', required: ['new', 'updated', 'deleted'], properties: { new: changes, updated: changes, deleted: changes } } },
};
const data = (value: unknown) => ({ data: value });
const scope = (request: FastifyRequest) => request.scope!;
/** The query string, with PHP-style arrays (`products[]=1&products[]=2`) under their plain name, as Laravel reads them. */
const query = (request: FastifyRequest) => {
  const q = { ...((request.query ?? {}) as Record<string, unknown>) };
  for (const key of Object.keys(q)) if (key.endsWith('[]') && q[key.slice(0, -2)] === undefined) q[key.slice(0, -2)] = [q[key]].flat();
  return q;
};
const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;

/** A numeric id in the path; anything else is no such record. */
function idParam(request: FastifyRequest, name: string, model: string): number {
  const raw = (request.params as Record<string, string>)[name];
  if (!/^\d{1,15}$/.test(raw)) throw notFound(model, raw);
  return Number(raw);
}

const tags = (t: string) => [`intouch ${t}`];

/**
 * The body of a GET: the app sends `{"products": "[1,2]"}` with `GET customers/{token}/points`
 * (FIDELITY.md), and Fastify reads no body for a GET. Read here, JSON or form, 64 KiB at most.
 */
async function getBody(request: FastifyRequest): Promise<Record<string, unknown>> {
  if (!Number(request.headers['content-length'] ?? 0) && !request.headers['transfer-encoding']) return {};
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.raw) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw invalid('body', 'The request body must not be greater than 64 kilobytes.');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  if (String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    const parsed = parseJson(text) as Record<string, unknown> | null;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch (err) {
    throw invalid('body', `The request body is not valid JSON: ${(err as Error).message}`);
  }
}
/** A parameter the app sends in the query or the body (FIDELITY.md: `products`, `username`). */
const param = (request: FastifyRequest, name: string) => query(request)[name] ?? body(request)[name];

/**
 * revo-intouch.txt, under `/intouch/api/v1/`: the API-token requests, the customer-token requests
 * below `customer/`, and the public ones (the `account` header alone).
 */
export async function intouchRoutes(app: FastifyInstance, _services: DialectServices): Promise<void> {
  // ---------------------------------------------------------------- API token
  const api = { config: { auth: 'default' } };
  app.get('/stores', { ...api, schema: { tags: tags('stores'), summary: 'The stores of a POS integration username', response: { 200: DataAnswer } } }, async (request) => {
    const username = param(request, 'username');
    return data(username === undefined || username === '' ? [] : await storesOfUsername(scope(request), String(username)));
  });
  app.get('/stores/:store/status', { ...api, schema: { tags: tags('stores'), summary: 'A store status', response: { 200: DataAnswer } } }, async (request) =>
    data({ status: await storeStatus(scope(request), idParam(request, 'store', 'Store')) }),
  );
  app.post('/stores/:store/status', { ...api, schema: { tags: tags('stores'), summary: 'Sets a store status (online, paused, offline)', response: { 200: DataAnswer } } }, async (request) =>
    data(await setStoreStatus(scope(request), idParam(request, 'store', 'Store'), request.body)),
  );
  // The document says API token and shows a customer token: both are taken.
  app.post('/catalog/updateStatus', { config: { auth: ['default', 'customer'] }, schema: { tags: tags('catalog'), summary: 'Activates or deactivates products at a store (every parameter in the query string)', response: { 200: DataAnswer } } }, async (request) => {
    await updateStatus(scope(request), statusChangeOf(query(request)));
    return data('OK');
  });
  app.get('/customers/:token/points', { ...api, schema: { tags: tags('points'), summary: "A customer's points and the points price of products", response: { 200: DataAnswer } } }, async (request) =>
    data(await pointsForProducts(scope(request), (request.params as { token: string }).token, query(request).products ?? (await getBody(request)).products)),
  );
  app.post('/customers/:token/points', { ...api, schema: { tags: tags('points'), summary: "Spends a customer's points on products", response: { 200: DataAnswer } } }, async (request) =>
    data(await spendForProducts(scope(request), (request.params as { token: string }).token, param(request, 'products'))),
  );
  app.get('/solo/urls', { config: { auth: ['default', 'customer'] }, schema: { tags: tags('solo'), summary: 'The SOLO access URLs', response: { 200: DataAnswer } } }, async (request) =>
    data(await soloUrls(scope(request), query(request).stores)),
  );

  // ---------------------------------------------------------------- customer: login, register (account only)
  const account = { config: { auth: 'account' } };
  app.post('/customer/login', { ...account, schema: { tags: tags('customer'), summary: 'Logs a customer in: a customer token', response: { 200: DataAnswer, 401: LoginRefused } } }, async (request) => data(await login(scope(request), request.body)));
  app.post('/customer/register', { ...account, schema: { tags: tags('customer'), summary: 'Registers a customer: a customer token', response: { 200: DataAnswer } } }, async (request) => data(await register(scope(request), request.body)));

  // ---------------------------------------------------------------- customer token
  const customer = { config: { auth: 'customer' } };
  app.get('/customer', { ...customer, schema: { tags: tags('customer'), summary: 'The current customer', response: { 200: DataAnswer } } }, async (request) =>
    data(await customerView(scope(request), await currentCustomer(scope(request)))),
  );
  app.put('/customer', { ...customer, schema: { tags: tags('customer'), summary: 'Updates the current customer', response: { 200: DataAnswer } } }, async (request) => data(await updateProfile(scope(request), request.body)));
  // A photo of up to 2 MB travels as base64 (a third more): this route takes bodies up to 4 MB.
  app.post('/customer/uploadProfilePhoto', { ...customer, bodyLimit: 4 * 1024 * 1024, schema: { tags: tags('customer'), summary: 'Uploads a profile photo (base64 JPEG or PNG)', response: { 200: DataAnswer } } }, async (request) =>
    data(await uploadPhoto(scope(request), request.body)),
  );
  app.post('/customer/associateCustomerGroup', { ...customer, schema: { tags: tags('customer'), summary: 'Associates the customer to a customer group', response: { 200: DataAnswer } } }, async (request) =>
    data(await associateGroup(scope(request), request.body)),
  );
  app.get('/customer/cards', { ...customer, schema: { tags: tags('cards'), summary: 'The gift cards', response: { 200: DataAnswer } } }, async (request) => data(await listCards(scope(request))));
  app.post('/customer/cards', { ...customer, schema: { tags: tags('cards'), summary: 'Creates a gift card', response: { 200: DataAnswer } } }, async (request) => data(await createCard(scope(request), request.body)));
  app.get('/customer/cards/:uuid', { ...customer, schema: { tags: tags('cards'), summary: 'One gift card', response: { 200: DataAnswer } } }, async (request) =>
    data(cardView(await ownCard(scope(request), (request.params as { uuid: string }).uuid))),
  );
  app.put('/customer/cards/:uuid', { ...customer, schema: { tags: tags('cards'), summary: 'Reloads a gift card', response: { 200: DataAnswer } } }, async (request) =>
    data(await reload(scope(request), (request.params as { uuid: string }).uuid, request.body)),
  );
  app.post('/customer/orders', { ...customer, schema: { tags: tags('orders'), summary: 'Creates an order', response: { 200: DataAnswer } } }, async (request) => data(await createOrder(scope(request), request.body)));
  app.get('/customer/orders', { ...customer, schema: { tags: tags('orders'), summary: "The customer's orders", response: { 200: DataAnswer } } }, async (request) => data(await listOrders(scope(request))));
  app.put('/customer/orders/:id', { ...customer, schema: { tags: tags('orders'), summary: 'Closes an order', response: { 200: DataAnswer } } }, async (request) =>
    data(await closeCustomerOrder(scope(request), idParam(request, 'id', 'Order'))),
  );
  app.get('/customer/lastOrder', { ...customer, schema: { tags: tags('orders'), summary: 'The last order', response: { 200: DataAnswer } } }, async (request) => data(await lastOrder(scope(request))));
  app.get('/customer/points', { ...customer, schema: { tags: tags('points'), summary: "The customer's points", response: { 200: DataAnswer } } }, async (request) => data(await customerPoints(scope(request))));
  app.get('/customer/theme', { ...customer, schema: { tags: tags('theme'), summary: 'The app theme', response: { 200: DataAnswer } } }, async (request) => data(await theme(scope(request))));
  app.post('/customer/invoices/:id/points/obtain', { ...customer, schema: { tags: tags('points'), summary: "Credits a POS invoice's points, once", response: { 200: DataAnswer } } }, async (request) =>
    data(await obtainInvoicePoints(scope(request), idParam(request, 'id', 'Invoice'))),
  );

  // ---------------------------------------------------------------- public (account only)
  const sync = async (request: FastifyRequest, reply: FastifyReply, model: (typeof SYNC_MODELS)[number]) => {
    const text = await syncAnswer(scope(request), model, syncFrom(query(request).from));
    return reply.type('application/json; charset=utf-8').send(text);
  };
  for (const model of SYNC_MODELS) {
    app.get(`/customer/${model}`, { config: { ...account.config, keep: true }, schema: { tags: tags('catalog sync'), summary: `${model}: {"new", "updated", "deleted"} (everything, or what changed after ?from=)`, response: { 200: SyncAnswer } } }, (request, reply) =>
      sync(request, reply, model),
    );
  }
  app.get('/customer/table/:id/available', { ...account, schema: { tags: tags('stores'), summary: 'Whether a table is free', response: { 200: DataAnswer } } }, async (request) =>
    data(await tableAvailable(scope(request), idParam(request, 'id', 'Table'))),
  );
}
