import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { DialectServices } from '../../core/dialect.ts';
import { clientPrefix } from '../../core/http/hosts.ts';
import {
  addPoints,
  appliedPromotions,
  createCustomer,
  createPromotion,
  deleteCustomer,
  getCustomer,
  listCustomers,
  listLocations,
  listPointTypes,
  listPromotions,
  orgScope,
  scanCustomer,
  type OrgScope,
} from './model.ts';
import { createOrder } from './orders.ts';
import { downloadUrl, openPass, renderPass, type Platform } from './passes.ts';
import {
  AddPoints,
  AppliedPromotionList,
  Customer,
  CustomerPage,
  CustomerParams,
  Deleted,
  DownloadUrl,
  ErrorBody,
  LocationList,
  NewCustomer,
  NewOrder,
  NewPromotion,
  Order,
  PageQuery,
  PassQuery,
  PointTypeList,
  Promotion,
  PromotionList,
  ScanParams,
  type AddPointsInput,
  type NewCustomerInput,
  type NewOrderInput,
  type NewPromotionInput,
} from './schemas.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** The wire format of comeback.txt "Rest API": HTTP in, a model call, the document's shapes out. */
export async function comebackRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  const { mount } = services;
  // The token's organization (its credential's scope) is what the request acts as.
  const scope = (request: FastifyRequest): OrgScope => orgScope(request.scope!, request.scope!.credential!.scope!, request.scope!.credential!.key);
  const customerId = (request: FastifyRequest) => (request.params as { customerId: string }).customerId;

  app.get('/locations', { config: { keep: true }, schema: { tags: ['locations'], summary: 'GET Location List', response: { 200: LocationList, ...errors } } }, async (request) =>
    listLocations(scope(request)),
  );

  app.get('/pointTypes', { config: { keep: true }, schema: { tags: ['point types'], summary: 'GET Point types list', response: { 200: PointTypeList, ...errors } } }, async (request) =>
    listPointTypes(scope(request)),
  );

  app.get('/promotions', { config: { keep: true }, schema: { tags: ['promotions'], summary: 'GET Promotion List', response: { 200: PromotionList, ...errors } } }, async (request) =>
    listPromotions(scope(request)),
  );

  app.post(
    '/promotions',
    { schema: { tags: ['promotions'], summary: 'POST Create Promotion', body: NewPromotion, response: { 201: Promotion, ...errors } } },
    async (request, reply) => reply.code(201).send(await createPromotion(scope(request), request.body as NewPromotionInput)),
  );

  app.get(
    '/customers',
    { config: { keep: true }, schema: { tags: ['customers'], summary: 'GET Customers list (pages of 100)', querystring: PageQuery, response: { 200: CustomerPage, ...errors } } },
    async (request) => listCustomers(scope(request), (request.query as { page?: number }).page ?? 0),
  );

  app.post(
    '/customers',
    { schema: { tags: ['customers'], summary: 'POST Create Customer', body: NewCustomer, response: { 201: Customer, ...errors } } },
    async (request, reply) => reply.code(201).send(await createCustomer(scope(request), request.body as NewCustomerInput)),
  );

  app.get(
    '/customers/:customerId',
    { config: { keep: true }, schema: { tags: ['customers'], summary: 'GET Customer', params: CustomerParams, response: { 200: Customer, ...errors } } },
    async (request) => getCustomer(scope(request), customerId(request)),
  );

  app.delete(
    '/customers/:customerId',
    {
      schema: {
        tags: ['customers'],
        summary: 'DELETE Delete Customer (by id, phone number or email)',
        params: CustomerParams,
        response: { 200: Deleted, ...errors },
      },
    },
    async (request) => {
      await deleteCustomer(scope(request), customerId(request));
      return { message: 'Customer deleted successfully' };
    },
  );

  app.get(
    '/location/:locationId/customer/:identifier',
    { config: { keep: true }, schema: { tags: ['customers'], summary: 'GET Scanned customer in location (phone number or email)', params: ScanParams, response: { 200: Customer, ...errors } } },
    async (request) => {
      const { locationId, identifier } = request.params as { locationId: string; identifier: string };
      return scanCustomer(scope(request), locationId, identifier);
    },
  );

  // The document titles it PUT and shows POST: both are accepted.
  app.route({
    method: ['POST', 'PUT'],
    url: '/customers/:customerId/addPoints',
    schema: { tags: ['customers'], summary: 'PUT Add Points to Customer', params: CustomerParams, body: AddPoints, response: { 200: Customer, ...errors } },
    handler: async (request) => addPoints(scope(request), customerId(request), request.body as AddPointsInput),
  });

  app.get(
    '/customers/:customerId/appliedPromotions',
    { config: { keep: true }, schema: { tags: ['customers'], summary: 'GET Applied Promotions', params: CustomerParams, response: { 200: AppliedPromotionList, ...errors } } },
    async (request) => appliedPromotions(scope(request), customerId(request)),
  );

  const passRoute = (platform: Platform) => async (request: FastifyRequest) => {
    const origin = `${request.protocol}://${request.host}`;
    return downloadUrl(scope(request), customerId(request), platform, (request.query as { passId?: string }).passId, origin, clientPrefix(request, mount));
  };
  app.get(
    '/customers/:customerId/androidDownloadUrl',
    { schema: { tags: ['passes'], summary: 'GET Download customer pass for Android', params: CustomerParams, querystring: PassQuery, response: { 200: DownloadUrl, ...errors } } },
    passRoute('android'),
  );
  app.get(
    '/customers/:customerId/appleDownloadUrl',
    { schema: { tags: ['passes'], summary: 'GET Download customer pass for Apple', params: CustomerParams, querystring: PassQuery, response: { 200: DownloadUrl, ...errors } } },
    passRoute('apple'),
  );

  app.post(
    '/orders',
    { schema: { tags: ['orders'], summary: 'POST Create Order', body: NewOrder, response: { 200: Order, 201: Order, ...errors } } },
    async (request, reply) => {
      const { order, created } = await createOrder(scope(request), request.body as NewOrderInput);
      // A repeated externalId answers with the order as first recorded.
      return reply.code(created ? 201 : 200).send(order);
    },
  );

  // The pass page a download URL points at: public (a phone opens it), not a vendor endpoint.
  app.get(
    '/passes/:passCode/:passId/:platform',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['passes'],
        summary: 'The pass page behind a download URL (Understudy; no token needed)',
        params: Type.Object({
          passCode: Type.String({ minLength: 1, maxLength: 100 }),
          passId: Type.String({ minLength: 1, maxLength: 200 }),
          platform: Type.Union([Type.Literal('android'), Type.Literal('apple')]),
        }),
        response: {
          200: { description: 'The pass page (HTML)', content: { 'text/html': { schema: { type: 'string', contentMediaType: 'text/html' } } } },
          404: { description: 'No such pass: an unknown pass code or pass id', content: { 'application/json': { schema: ErrorBody } } },
        },
      },
    },
    async (request, reply) => {
      const { passCode, passId, platform } = request.params as { passCode: string; passId: string; platform: Platform };
      const deps = { db: services.db, scopeOf: services.scopeOf };
      const page = await openPass(deps, passCode, passId, platform, request.method === 'GET');
      return reply.type('text/html; charset=utf-8').send(await renderPass(page));
    },
  );
}
