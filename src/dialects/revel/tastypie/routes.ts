import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TastypieEngine } from './engine.ts';
import { methodNotAllowed, notFound } from './errors.ts';
import { DEFAULT_LIMIT } from './query.ts';
import { bodySchema, listSchema, objectSchema, querySchema } from './openapi.ts';
import { isFilterable, isOrderable } from './registry.ts';
import { queryPairs, sendRevel, sendRevelJson, wantsXml } from './reply.ts';
import type { FieldDef, Method, QueryParams, ResourceDef } from './types.ts';
import { listUri, resourceUri } from './uri.ts';
import { clientPrefix } from '../../../core/http/hosts.ts';

const ALL_METHODS: Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

const sandboxOf = (request: FastifyRequest) => request.sandbox!.id;
const queryOf = (request: FastifyRequest) => (request.query ?? {}) as QueryParams;

/** The id of `/ns/Name/{id}/`; anything else is no object (Tastypie's 404). */
function idOf(request: FastifyRequest): number {
  const raw = (request.params as { id: string }).id;
  if (!/^\d{1,15}$/.test(raw)) throw notFound();
  return Number(raw);
}

function allow(methods: readonly Method[], method: string): void {
  if (!methods.includes(method as Method)) throw methodNotAllowed(methods.map((m) => m));
}

/**
 * Where a created object can be fetched, as Tastypie's Location header: an absolute URL on the
 * host the client used, under our prefix (none on a Revel host: `https://x.revelup.com/resources/…`).
 */
function locationOf(request: FastifyRequest, prefix: string, uri: string): string {
  const proto = request.protocol;
  return `${proto}://${request.host}${clientPrefix(request, prefix)}${uri}`;
}

/**
 * The routes of one resource definition: `/ns/Name/` (list, POST), `/ns/Name/{id}/`
 * (detail, PUT, PATCH, DELETE) and `/ns/Name/schema/`. Status codes per FIDELITY.md:
 * POST 201, PUT 200, PATCH 202 (each with the object), DELETE 204.
 */
export function registerResource(app: FastifyInstance, engine: TastypieEngine, def: ResourceDef, prefix: string): void {
  const registry = engine.registry;
  const base = `/${def.namespace}/${def.name}`;
  const listMethods = registry.listMethods(def);
  const detailMethods = registry.detailMethods(def);
  const tags = [`revel ${def.name}`];
  // Schemas for the OpenAPI document only: the engine validates, with Tastypie's messages.
  const documentation = {
    validatorCompiler: () => () => true,
    serializerCompiler: () => (data: unknown) => JSON.stringify(data),
  };
  const object = objectSchema(registry, def);
  const body = bodySchema(registry, def);

  const listHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    allow(listMethods, request.method);
    if (request.method === 'GET') {
      const req = { query: queryOf(request), pairs: queryPairs(request) };
      if (!wantsXml(request)) return sendRevelJson(reply, 200, await engine.listJson(sandboxOf(request), def, req));
      const page = await engine.list(sandboxOf(request), def, req);
      return sendRevel(request, reply, 200, { meta: page.meta, objects: page.objects });
    }
    const created = await engine.create(request.scope!, def, request.body);
    const rep = await engine.representOne(sandboxOf(request), def, created, queryOf(request));
    const uri = resourceUri(def.namespace, def.name, created.id);
    return sendRevel(request, reply, 201, rep, { location: locationOf(request, prefix, uri) });
  };

  const detailHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    allow(detailMethods, request.method);
    const id = idOf(request);
    const sandboxId = sandboxOf(request);
    switch (request.method) {
      case 'GET': {
        if (!wantsXml(request)) {
          const text = await engine.detailJson(sandboxId, def, id, queryOf(request));
          if (text === undefined) throw notFound();
          return sendRevelJson(reply, 200, text);
        }
        const rep = await engine.detail(sandboxId, def, id, queryOf(request));
        if (!rep) throw notFound();
        return sendRevel(request, reply, 200, rep);
      }
      case 'DELETE':
        if (!(await engine.remove(request.scope!, def, id))) throw notFound();
        return sendRevel(request, reply, 204, undefined);
      default: {
        const updated = await engine.update(request.scope!, def, id, request.body);
        if (!updated) throw notFound();
        const rep = await engine.representOne(sandboxId, def, updated, queryOf(request));
        return sendRevel(request, reply, request.method === 'PUT' ? 200 : 202, rep);
      }
    }
  };

  // One route per allowed method, each documented with its own answer; the methods a resource
  // does not allow share one undocumented route (Tastypie's 405). Paths end in `/` as the
  // vendor's do (the router takes them with or without it).
  const idParam = { type: 'object', properties: { id: { type: 'integer' } } };
  const created = { ...object, headers: { Location: { type: 'string', description: 'the absolute URL of the new object' } } };
  // A GET answer is the sandbox's objects alone: kept between writes (core/http/kept-answers.ts).
  const route = (method: Method, url: string, handler: typeof listHandler, schema: Record<string, unknown>) =>
    app.route({ ...documentation, method, url, handler, schema: { tags, ...schema }, ...(method === 'GET' ? { config: { keep: true } } : {}) });
  const others = (allowed: readonly Method[], url: string, handler: typeof listHandler) => {
    const rest = ALL_METHODS.filter((m) => !allowed.includes(m));
    if (rest.length) app.route({ ...documentation, method: rest, url, handler, schema: { hide: true } });
  };
  const list = `${base}/`;
  const detail = `${base}/:id/`;
  route('GET', list, listHandler, { summary: `${def.name}: list`, querystring: querySchema(def), response: { 200: listSchema(registry, def) } });
  if (listMethods.includes('POST')) route('POST', list, listHandler, { summary: `${def.name}: create`, body, response: { 201: created } });
  others(['GET', ...listMethods.filter((m) => m === 'POST')], list, listHandler);
  app.get(`${base}/schema/`, { schema: { hide: true } }, async (request, reply) => sendRevel(request, reply, 200, schemaOf(def, listMethods, detailMethods)));
  route('GET', detail, detailHandler, { summary: `${def.name}: one object`, params: idParam, response: { 200: object } });
  if (detailMethods.includes('PUT')) route('PUT', detail, detailHandler, { summary: `${def.name}: replace`, params: idParam, body, response: { 200: object, ...def.updateResponses } });
  if (detailMethods.includes('PATCH')) route('PATCH', detail, detailHandler, { summary: `${def.name}: update the fields sent`, params: idParam, body, response: { 202: object, ...def.updateResponses } });
  if (detailMethods.includes('DELETE')) route('DELETE', detail, detailHandler, { summary: `${def.name}: delete`, params: idParam, response: { 204: { type: 'null', description: 'Deleted' } } });
  others(['GET', ...detailMethods.filter((m) => m === 'PUT' || m === 'PATCH' || m === 'DELETE')], detail, detailHandler);
}

/** Tastypie's field type names in `/schema/`. */
function schemaType(f: FieldDef): string {
  switch (f.type) {
    case 'id':
      return 'integer';
    case 'resource_uri':
    case 'uri':
      return 'string';
    case 'json':
      return 'dict';
    case 'to_one':
    case 'to_many':
    case 'reverse':
      return 'related';
    case 'computed':
      return f.as ?? 'string';
    default:
      return f.type;
  }
}

/** `GET /ns/Name/schema/`: what Tastypie's build_schema tells about a resource. */
function schemaOf(def: ResourceDef, listMethods: readonly Method[], detailMethods: readonly Method[]): unknown {
  const fields: Record<string, unknown> = {};
  const filtering: Record<string, number> = {};
  const ordering: string[] = [];
  for (const [name, f] of Object.entries(def.fields)) {
    if (f.hidden) continue;
    const entry: Record<string, unknown> = {
      blank: !f.required,
      default: 'default' in f && f.default !== undefined && typeof f.default !== 'function' ? f.default : 'No default provided.',
      help_text: f.type === 'to_one' || f.type === 'to_many' || f.type === 'reverse' ? `A related ${f.to} resource.` : `${schemaType(f)} data.`,
      nullable: Boolean(f.null),
      readonly: Boolean(f.readonly || f.type === 'id' || f.type === 'resource_uri' || f.type === 'computed' || ('auto' in f && f.auto && f.auto !== 'uuid')),
      type: schemaType(f),
      unique: f.type === 'id' || f.type === 'resource_uri',
    };
    if (f.type === 'to_one' || f.type === 'to_many' || f.type === 'reverse') entry.related_type = f.type === 'to_one' || (f.type === 'reverse' && !f.many) ? 'to_one' : 'to_many';
    fields[name] = entry;
    if (isFilterable(f)) filtering[name] = 1;
    if (isOrderable(f)) ordering.push(name);
  }
  return {
    allowed_detail_http_methods: detailMethods.map((m) => m.toLowerCase()),
    allowed_list_http_methods: listMethods.map((m) => m.toLowerCase()),
    default_format: 'application/json',
    default_limit: DEFAULT_LIMIT,
    fields,
    filtering,
    ordering,
    list_endpoint: listUri(def.namespace, def.name),
  };
}

