import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { methodNotAllowed, notFound } from '../tastypie/errors.ts';
import { sendRevel } from '../tastypie/reply.ts';
import type { QueryParams } from '../tastypie/types.ts';
import type { DiscountCodes } from './model.ts';
import { RevelErrorBody } from '../openapi.ts';

const tags = ['revel DiscountCode'];
// Documentation only (OpenAPI): the model validates, with the document's answers.
const documentation = { validatorCompiler: () => () => true, serializerCompiler: () => (data: unknown) => JSON.stringify(data) };
const CODE = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    establishment: { type: 'string' },
    discount: { type: 'string' },
    used: { type: 'boolean' },
    type: { type: 'integer', enum: [0, 1], description: '0: multiple time use, 1: one time use' },
    id: { type: 'integer' },
    resource_uri: { type: 'string' },
  },
};
const PAGE = {
  type: 'object',
  properties: {
    objects: { type: 'array', items: CODE },
    meta: { type: 'object', properties: { page_count: { type: 'integer' }, limit: { type: 'integer' }, next: { type: ['string', 'null'] } } },
  },
};
const LIST_QUERY = {
  type: 'object',
  properties: {
    discount_id: { type: 'integer', description: 'the discount whose codes are listed; without it the answer is empty' },
    limit: { type: 'integer', description: 'default 20, at most 1000' },
    next: { type: 'string', description: 'the cursor of meta.next' },
  },
};
const NEW_CODE = {
  type: 'object',
  required: ['code', 'discount'],
  properties: {
    code: { type: 'string', maxLength: 200 },
    type: { type: 'integer', enum: [0, 1] },
    discount: { type: 'string', description: 'a Discount URI' },
    used: { type: 'boolean' },
    callback_url: { type: 'string', description: 'where the outcome of an asynchronous (EMS) creation is posted' },
  },
};
const CODE_UPDATE = {
  type: 'object',
  required: ['discount', 'establishment'],
  properties: { used: { type: 'boolean' }, type: { type: 'integer', enum: [0, 1] }, discount: { type: 'string' }, establishment: { type: 'string' }, resource_uri: { type: 'string' }, code: { type: 'string' } },
};
const MESSAGE = { type: 'object', properties: { message: { type: 'string' } } };
const LIST_METHODS = ['GET', 'POST'];
const DETAIL_METHODS = ['GET', 'PUT', 'PATCH'];

function idOf(request: FastifyRequest): number {
  const raw = (request.params as { id: string }).id;
  if (!/^\d{1,15}$/.test(raw)) throw notFound();
  return Number(raw);
}

/**
 * /resources/DiscountCode/ (revel-2.79-changelog.txt): the list and POST, and PUT/PATCH of
 * one code. Codes are not deleted through the API (the document names no DELETE).
 */
export function discountCodeRoutes(app: FastifyInstance, codes: DiscountCodes): void {
  const listHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!LIST_METHODS.includes(request.method)) throw methodNotAllowed(LIST_METHODS);
    const s = request.scope!;
    if (request.method === 'GET') return sendRevel(request, reply, 200, await codes.list(s, request.query as QueryParams));
    switch (await codes.create(s, request.body)) {
      case 'created':
        return sendRevel(request, reply, 201, { message: 'code created successfully' });
      case 'queued':
        return sendRevel(request, reply, 202, { message: 'This discount is managed from EMS. The request is being processed asynchronously.' });
      case 'pending':
        // 302: "redirected to the same endpoint until the first client's request gets processed".
        // The URL as the client sent it (on a Revel host, without our prefix).
        return sendRevel(request, reply, 302, undefined, { location: request.originalUrl });
    }
  };

  const detailHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!DETAIL_METHODS.includes(request.method)) throw methodNotAllowed(DETAIL_METHODS);
    const id = idOf(request);
    const s = request.scope!;
    if (request.method === 'GET') {
      const code = await codes.get(s, id);
      if (!code) throw notFound();
      return sendRevel(request, reply, 200, code);
    }
    return sendRevel(request, reply, 200, await codes.update(s, id, request.body));
  };

  const idParam = { type: 'object', properties: { id: { type: 'integer' } } };
  const FORBIDDEN = { ...RevelErrorBody, description: 'The discount is managed by EMS, or the establishment may not change it' };
  const url = '/resources/DiscountCode/';
  app.route({ ...documentation, method: 'GET', url, handler: listHandler, schema: { tags, summary: 'The codes of a discount', querystring: LIST_QUERY, response: { 200: PAGE } } });
  app.route({ ...documentation, method: 'POST', url, handler: listHandler, schema: { tags, summary: 'A new code (202 when processed asynchronously for EMS)', body: NEW_CODE, response: { 201: MESSAGE, 202: MESSAGE, 403: FORBIDDEN } } });
  app.route({ ...documentation, method: ['PUT', 'PATCH', 'DELETE'], url, handler: listHandler, schema: { hide: true } });
  app.route({ ...documentation, method: 'GET', url: `${url}:id/`, handler: detailHandler, schema: { tags, summary: 'One code', params: idParam, response: { 200: CODE } } });
  app.route({ ...documentation, method: ['PUT', 'PATCH'], url: `${url}:id/`, handler: detailHandler, schema: { tags, summary: "A code's type or used flag", params: idParam, body: CODE_UPDATE, response: { 200: CODE, 403: FORBIDDEN } } });
  app.route({ ...documentation, method: ['POST', 'DELETE'], url: `${url}:id/`, handler: detailHandler, schema: { hide: true } });
}
