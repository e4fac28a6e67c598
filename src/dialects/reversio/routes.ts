import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { DialectServices } from '../../core/dialect.ts';
import { changeModel, createBrand, createModel, languageOf, modelAnswer, listBrands, listModels, listModelTypes, updateBrand } from './catalog.ts';
import { TOKEN_TTL_SECONDS } from './credentials.ts';
import { list, ok, paginate } from './envelope.ts';
import { createLink, originOf } from './links.ts';
import { getOrder, importOrder, orderStatus } from './orders.ts';
import { BrandAnswer, BrandList, errors, LinkAnswer, ModelAnswer, ModelList, ModelTypeList, OrderAnswer, OrderStatusAnswer, TokenAnswer } from './responses.ts';
import { BrandBody, LinkBody, ModelCreate, ModelUpdate, OrderBody, Paging, type ModelInput, type OrderInput } from './schemas.ts';

const scope = (request: FastifyRequest) => request.scope!;
const Id = Type.Object({ id: Type.String({ maxLength: 100 }) });
const Reference = Type.Object({ orderReference: Type.String({ maxLength: 200 }) });
const tags = (t: string) => [`reversio ${t}`];
/** A model's answer is sent as the text `modelAnswer` writes. */
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * reversio.txt and FIDELITY.md, under `/reversio/api/v1/`: the token, the catalog (model types,
 * brands, models), orders and links. Every answer is the envelope (envelope.ts); creates are
 * `PUT` (and `POST catalog/models`, the document's), updates `POST …/{id}`.
 */
export async function reversioRoutes(app: FastifyInstance, _services: DialectServices): Promise<void> {
  app.get(
    '/token',
    {
      config: { auth: 'secret' },
      schema: {
        tags: tags('auth'),
        summary: 'A JWT for the subscription key (Ocp-Apim-Subscription-Key + Ocp-Apim-Secret-Value, or ?secret=), valid one hour by the sandbox clock',
        querystring: Type.Object({ secret: Type.Optional(Type.String()), 'subscription-key': Type.Optional(Type.String()) }),
        response: { 200: TokenAnswer, 401: errors[401] },
      },
    },
    async (request) => ok(await scope(request).signJwt({ sub: scope(request).sandboxId }, TOKEN_TTL_SECONDS)),
  );

  // ---------------------------------------------------------------- catalog

  app.get('/catalog/modelTypes', { config: { keep: true }, schema: { tags: tags('catalog'), summary: 'The model type tree, parents first, labels by Accept-Language (en, fr)', response: { 200: ModelTypeList, ...errors } } }, async (request, reply) => {
    const language = languageOf(request.headers['accept-language']);
    const items = await listModelTypes(scope(request), language);
    reply.header('content-language', language);
    return list(items, paginate(items.length, 1, Math.max(items.length, 1)));
  });

  app.get('/catalog/brands', { config: { keep: true }, schema: { tags: tags('catalog'), summary: 'Every brand (one page)', response: { 200: BrandList, ...errors } } }, async (request) => {
    const items = await listBrands(scope(request));
    return list(items, paginate(items.length, 1, Math.max(items.length, 1)));
  });
  app.put('/catalog/brands', { schema: { tags: tags('catalog'), summary: 'Creates a brand', body: BrandBody, response: { 200: BrandAnswer, ...errors } } }, async (request) =>
    ok(await createBrand(scope(request), (request.body as { name: string }).name)),
  );
  app.post('/catalog/brands/:id', { schema: { tags: tags('catalog'), summary: 'Renames a brand', params: Id, body: BrandBody, response: { 200: BrandAnswer, ...errors } } }, async (request) =>
    ok(await updateBrand(scope(request), (request.params as { id: string }).id, (request.body as { name: string }).name)),
  );

  app.get('/catalog/models', { config: { keep: true }, schema: { tags: tags('catalog'), summary: 'The models, in pages (page from 1, pageSize up to 100)', querystring: Paging, response: { 200: ModelList, ...errors } } }, async (request) => {
    const { page = 1, pageSize = 20 } = request.query as { page?: number; pageSize?: number };
    const { items, pagination } = await listModels(scope(request), page, pageSize);
    return list(items, pagination);
  });
  const create = async (request: FastifyRequest) => ok(await createModel(scope(request), request.body as ModelInput & { label: string; sku: string }));
  app.put('/catalog/models', { schema: { tags: tags('catalog'), summary: 'Creates a model (as the clients do)', body: ModelCreate, response: { 200: ModelAnswer, ...errors } } }, create);
  app.post('/catalog/models', { schema: { tags: tags('catalog'), summary: 'Creates a model (as the document does)', body: ModelCreate, response: { 200: ModelAnswer, ...errors } } }, create);
  app.get('/catalog/models/bySku/:sku', { config: { keep: true }, schema: { tags: tags('catalog'), summary: 'The model of a SKU (URL-encoded)', params: Type.Object({ sku: Type.String({ maxLength: 200 }) }), response: { 200: ModelAnswer, ...errors } } }, async (request, reply) =>
    reply.type(JSON_TYPE).send(await modelAnswer(scope(request), { sku: (request.params as { sku: string }).sku })),
  );
  app.get('/catalog/models/:id', { config: { keep: true }, schema: { tags: tags('catalog'), summary: 'A model by its id', params: Id, response: { 200: ModelAnswer, ...errors } } }, async (request, reply) =>
    reply.type(JSON_TYPE).send(await modelAnswer(scope(request), { id: (request.params as { id: string }).id })),
  );
  app.post('/catalog/models/:id', { schema: { tags: tags('catalog'), summary: 'Updates a model: the fields sent change, the others stay', params: Id, body: ModelUpdate, response: { 200: ModelAnswer, ...errors } } }, async (request) =>
    ok(await changeModel(scope(request), (request.params as { id: string }).id, request.body as ModelInput)),
  );

  // ---------------------------------------------------------------- orders and links

  app.put('/orders', { schema: { tags: tags('orders'), summary: 'Imports an order', body: OrderBody, response: { 200: OrderAnswer, ...errors } } }, async (request) => ok(await importOrder(scope(request), request.body as OrderInput)));
  app.get('/orders/:orderReference', { schema: { tags: tags('orders'), summary: 'An order by its reference', params: Reference, response: { 200: OrderAnswer, ...errors } } }, async (request) =>
    ok(await getOrder(scope(request), (request.params as { orderReference: string }).orderReference)),
  );
  app.get('/orders/:orderReference/status', { schema: { tags: tags('orders'), summary: "An order's after-sales status and files", params: Reference, response: { 200: OrderStatusAnswer, ...errors } } }, async (request) =>
    ok(await orderStatus(scope(request), (request.params as { orderReference: string }).orderReference)),
  );

  app.post('/links', { schema: { tags: tags('links'), summary: 'A link to the self-care portal for an order, good for 7 days', body: LinkBody, response: { 200: LinkAnswer, ...errors } } }, async (request) => {
    const given = (request.body as { orderId: string | { id: string } }).orderId;
    const orderId = typeof given === 'string' ? given.trim() : given.id.trim();
    return ok(await createLink(scope(request), orderId, originOf(request)));
  });
}
