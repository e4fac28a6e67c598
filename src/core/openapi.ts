/**
 * What a served OpenAPI document says beyond the route schemas (issue 12, "The OpenAPI documents
 * tell the truth"): how an operation is authenticated, the vendor's error answers, the other wire
 * formats, and an `operationId` for every operation. A dialect describes its own in
 * `src/dialects/<name>/openapi.ts` (`DialectDefinition.openapi`); the control API's is in
 * src/control/openapi.ts. `completeDocument` applies one to the document cut for it.
 */

type Json = Record<string, any>;

/** An OpenAPI security requirement: every scheme named must be presented. */
export type SecurityRequirement = Record<string, string[]>;

/**
 * When an error answer applies to an operation:
 * - `auth`: the operation needs a credential (its `security` is not empty);
 * - `input`: it reads parameters or a body (a validation error);
 * - `params`: it has path parameters (no such object);
 * - `body`: it reads a body (too large, unreadable);
 * - `always`: every operation.
 */
export type ErrorWhen = 'auth' | 'input' | 'params' | 'body' | 'always';

export interface ErrorAnswer {
  status: number;
  when: ErrorWhen;
  description: string;
  /** The body's JSON Schema; null: the answer has no body. */
  schema: Json | null;
}

export interface OpenApiDescription {
  securitySchemes: Record<string, Json>;
  /** Per auth scheme name of the dialect (a route's `config.auth`, default `default`): what satisfies it; `[]`: no credential. */
  security: Record<string, SecurityRequirement[]>;
  errors: ErrorAnswer[];
  /** `?format=xml` is served: a `format` query parameter, and every JSON answer also as `application/xml`. */
  xml?: boolean;
  /**
   * Request bodies the routes do not declare (a dialect that validates by hand, with its own
   * messages), by operationId: documentation only, the route's validation is unchanged.
   */
  requestBodies?: Record<string, Json>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The route's auth scheme names, carried from the route to the document (see `authTransform`). */
export const AUTH_KEY = 'x-understudy-auth';

/** @fastify/swagger's `transform`: puts each route's auth scheme names on its operation. */
export function authTransform({ schema, url, route }: { schema: any; url: string; route: { config?: { auth?: string | string[] } } }) {
  const auth = route.config?.auth ?? 'default';
  return { schema: { ...(schema ?? {}), [AUTH_KEY]: Array.isArray(auth) ? auth : [auth] }, url };
}

const pascal = (s: string) => s.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^./, (c) => c.toUpperCase());

/** `get /vouchers/{number}` → `getVouchersByNumber`. */
export function operationIdOf(method: string, path: string): string {
  const parts = path.split('/').filter(Boolean).map((p) => (/^\{.+\}$/.test(p) ? `By${pascal(p.slice(1, -1))}` : pascal(p)));
  return `${method}${parts.join('')}` || method;
}

const mediaOf = (schema: Json | null) => (schema ? { 'application/json': { schema } } : undefined);

/** Adds an answer to a response already documented for its status: either body. */
function mergeResponse(existing: Json, description: string, schema: Json | null): Json {
  if (!schema) return existing.content ? existing : { ...existing, description: `${existing.description}; or ${description}` };
  const json = existing.content?.['application/json']?.schema;
  const same = (a: unknown) => JSON.stringify(a) === JSON.stringify(schema);
  if (same(json) || (json?.['x-merged'] && json.anyOf.some(same))) return existing;
  if (!existing.content) return { description: `${existing.description}; or ${description}`, content: mediaOf(schema) };
  const anyOf = json?.anyOf && json['x-merged'] ? [...json.anyOf, schema] : [json ?? {}, schema];
  return { ...existing, description: `${existing.description}; or ${description}`, content: { ...existing.content, 'application/json': { schema: { anyOf, 'x-merged': true } } } };
}

const clean = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(clean);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'x-merged').map(([k, x]) => [k, clean(x)]));
  return v;
};

/**
 * The document with every operation's operationId, security, error answers and formats. A
 * dialect that describes none (a new one, a test's) gets its operationIds only.
 */
export function completeDocument(doc: Json, description: OpenApiDescription | undefined): Json {
  const paths: Json = {};
  const ids = new Set<string>();
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    const out: Json = {};
    for (const [method, raw] of Object.entries<Json>(item)) {
      if (!(METHODS as readonly string[]).includes(method)) {
        out[method] = raw;
        continue;
      }
      const { [AUTH_KEY]: auth = ['default'], ...op } = raw;
      let id = op.operationId ?? operationIdOf(method, path);
      for (let n = 2; ids.has(id); n++) id = `${op.operationId ?? operationIdOf(method, path)}${n}`;
      ids.add(id);
      if (!description) {
        out[method] = { ...op, operationId: id };
        continue;
      }
      const security: SecurityRequirement[] = [];
      for (const name of auth as string[]) {
        const reqs = description.security[name];
        if (!reqs) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} names auth scheme '${name}', which has no security description`);
        for (const r of reqs) if (!security.some((s) => JSON.stringify(s) === JSON.stringify(r))) security.push(r);
      }
      const documentedBody = description.requestBodies?.[id];
      if (documentedBody) {
        if (op.requestBody) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} declares its body; the description may not document another`);
        op.requestBody = documentedBody;
      }
      const params: Json[] = [...(item.parameters ?? []), ...(op.parameters ?? [])];
      const applies = (when: ErrorWhen) =>
        when === 'always' ||
        (when === 'auth' && security.length > 0 && !security.some((r) => Object.keys(r).length === 0)) ||
        (when === 'input' && (params.length > 0 || op.requestBody)) ||
        (when === 'params' && params.some((p) => p.in === 'path')) ||
        (when === 'body' && op.requestBody);
      let responses: Json = { ...op.responses };
      for (const e of description.errors) {
        if (!applies(e.when)) continue;
        const key = String(e.status);
        responses[key] = responses[key] ? mergeResponse(responses[key], e.description, e.schema) : { description: e.description, ...(e.schema ? { content: mediaOf(e.schema) } : {}) };
      }
      let parameters = op.parameters;
      if (description.xml) {
        responses = Object.fromEntries(
          Object.entries<Json>(responses).map(([status, r]) => {
            const json = r.content?.['application/json'];
            return [status, json ? { ...r, content: { ...r.content, 'application/xml': { schema: { ...json.schema, xml: { name: 'response' } } } } } : r];
          }),
        );
        if (!params.some((p) => p.in === 'query' && p.name === 'format')) {
          parameters = [...(parameters ?? []), { name: 'format', in: 'query', required: false, description: '`xml`: the same answer as XML (errors included)', schema: { type: 'string', enum: ['json', 'xml'] } }];
        }
      }
      out[method] = clean({ ...op, operationId: id, ...(parameters ? { parameters } : {}), security, responses: sortResponses(responses) });
    }
    paths[path] = out;
  }
  for (const id of Object.keys(description?.requestBodies ?? {})) if (!ids.has(id)) throw new Error(`OpenAPI: a request body is documented for '${id}', which is no operation`);
  return description ? { ...doc, paths, components: { ...(doc.components ?? {}), securitySchemes: description.securitySchemes } } : { ...doc, paths };
}

const sortResponses = (r: Json) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
