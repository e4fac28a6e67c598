import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Type, type Static } from 'typebox';
import type { AuthScheme, DialectDefinition, DialectServices, Protocol } from '../../src/core/dialect.ts';
import { defaultJsonParser } from '../../src/core/http/parsers.ts';
import { describeRequestError } from '../../src/core/http/request-errors.ts';
import type { SandboxScope } from '../../src/core/scope.ts';
import type { Tx } from '../../src/core/db/engine.ts';
import type { Conformance } from '../../src/core/conformance.ts';

/**
 * `probe`: a tiny dialect that only tests mount, so that core is tested on a vendor of its own
 * and not on TouchOffice. It has one table, an API-key scheme, an opaque-token scheme, a JWT
 * scheme and a public route, a job, webhooks and a fixture bundle; its wire is
 * `{"problem", "detail"}`, and `?format=text` answers `text:<json>`.
 */
export class ProbeError extends Error {
  constructor(
    readonly problem: 'bad_input' | 'not_found',
    message: string,
  ) {
    super(message);
  }
}

const STATUS = { bad_input: 422, not_found: 404 } as const;

export const probeProtocol: Protocol = {
  parsers: defaultJsonParser,
  encode(request, reply, payload) {
    if ((request.query as { format?: string } | undefined)?.format !== 'text') return payload;
    reply.header('content-type', 'text/plain; charset=utf-8');
    return `text:${payload}`;
  },
  error(err) {
    if (err instanceof ProbeError) return { status: STATUS[err.problem], body: { problem: err.problem, detail: err.message } };
    const known = describeRequestError(err as never);
    if (known) return { status: 400, body: { problem: 'bad_request', detail: known.message } };
    return { status: 500, body: { problem: 'internal', detail: 'internal' } };
  },
  reject: (f) => ({ status: 401, body: { problem: 'auth', detail: `${f.reason}${f.part ? ` ${f.part}` : ''}` } }),
  notFound: (request) => ({ status: 404, body: { problem: 'no_route', detail: `${request.method} ${request.dialectPath}` } }),
  fault: (status) => ({ status, body: { problem: 'fault', detail: `injected ${status}` } }),
};

const bearer = (h: unknown) => (typeof h === 'string' && h.startsWith('Bearer ') ? h.slice(7).trim() : undefined);

/** The sandbox's key and secret in two headers. */
const keyAuth: AuthScheme = {
  extract(request) {
    const key = request.headers['x-probe-key'];
    return typeof key === 'string' && key ? { kind: 'primary', key, secret: String(request.headers['x-probe-secret'] ?? '') } : null;
  },
  present: (c) => ({ headers: { 'x-probe-key': c.key, 'x-probe-secret': c.secret } }),
};

/** The sandbox's key and a bearer token. */
const keyAndBearer: AuthScheme['extract'] = (request) => {
  const key = request.headers['x-probe-key'];
  if (typeof key !== 'string' || !key) return null;
  const token = bearer(request.headers.authorization);
  return token ? { kind: 'primary', key, token } : { missing: 'token' };
};

/** The sandbox's key, plus a session token it issued (`POST /login`). */
const sessionAuth: AuthScheme = {
  extract: keyAndBearer,
  async verify(presented, _stored, ctx) {
    const found = await ctx.tokens.find(ctx.db, ctx.sandboxId, 'probe', 'session', presented.token!, ctx.now);
    return found ? { ok: true, subject: found.subject } : { ok: false, reason: 'unknown', part: 'token' };
  },
};

/** The sandbox's key, plus a JWT it signed (`POST /jwt`), checked against the sandbox clock. */
const jwtAuth: AuthScheme = {
  extract: keyAndBearer,
  async verify(presented, _stored, ctx) {
    const checked = await ctx.tokens.verifyJwt(ctx.signingKey, presented.token!, ctx.now);
    return checked.ok ? { ok: true, subject: String(checked.claims.sub ?? '') } : { ok: false, reason: checked.reason, part: 'token' };
  },
};

interface ItemRow {
  sandbox_id: string;
  id: string;
  name: string;
  created_at: number;
}

const ITEM = Type.Object({ id: Type.String(), name: Type.String(), createdAt: Type.Integer() });
const view = (r: ItemRow) => ({ id: r.id, name: r.name, createdAt: Number(r.created_at) });

async function addItem(s: SandboxScope, tx: Tx, name: string, ttlMs?: number): Promise<ItemRow> {
  const row = { sandbox_id: s.sandboxId, id: s.random.uuid(), name, created_at: s.now };
  await tx.insertInto('probe_items').values(row).execute();
  await s.emit(tx, 'item.created', view(row));
  if (ttlMs !== undefined) await s.schedule(tx, 'expire', row.id, s.now + ttlMs);
  return row;
}

async function probeRoutes(app: FastifyInstance, _services: DialectServices): Promise<void> {
  app.get('/items', { schema: { response: { 200: Type.Object({ items: Type.Array(ITEM) }) } } }, async (request) => {
    const s = request.scope!;
    const rows = (await s.db.selectFrom('probe_items').selectAll().where('sandbox_id', '=', s.sandboxId).orderBy('created_at').orderBy('id').execute()) as ItemRow[];
    return { items: rows.map(view) };
  });
  app.get('/items/:id', { schema: { params: Type.Object({ id: Type.String({ maxLength: 100 }) }), response: { 200: ITEM } } }, async (request) => {
    const s = request.scope!;
    const row = (await s.db.selectFrom('probe_items').selectAll().where('sandbox_id', '=', s.sandboxId).where('id', '=', (request.params as { id: string }).id).executeTakeFirst()) as ItemRow | undefined;
    if (!row) throw new ProbeError('not_found', 'no such item');
    return view(row);
  });
  app.post(
    '/items',
    { schema: { body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), ttlSeconds: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }), response: { 201: ITEM } } },
    async (request, reply) => {
      const s = request.scope!;
      const body = request.body as { name: string; ttlSeconds?: number };
      if (body.name === 'reject') throw new ProbeError('bad_input', 'that name is refused');
      const row = await s.tx((tx) => addItem(s, tx, body.name, body.ttlSeconds === undefined ? undefined : body.ttlSeconds * 1000));
      return reply.code(201).send(view(row));
    },
  );
  app.post('/login', { schema: { body: Type.Object({ user: Type.String({ minLength: 1 }) }) } }, async (request) => {
    const s = request.scope!;
    const token = await s.tx((tx) => s.issueToken(tx, 'session', (request.body as { user: string }).user, { length: 40 }));
    return { token };
  });
  app.post('/logout', { config: { auth: 'session' } }, async (request) => {
    const s = request.scope!;
    const token = bearer(request.headers.authorization)!;
    return { revoked: await s.tx((tx) => s.revokeTokens(tx, 'session', { token })) };
  });
  app.get('/me', { config: { auth: 'session' } }, async (request) => ({ user: request.scope!.subject }));
  app.post('/jwt', { schema: { body: Type.Object({ user: Type.String({ minLength: 1 }) }) } }, async (request) => ({
    jwt: await request.scope!.signJwt({ sub: (request.body as { user: string }).user }, 60),
  }));
  app.get('/jwt-me', { config: { auth: 'jwt' } }, async (request) => ({ user: request.scope!.subject }));
  app.get('/either', { config: { auth: ['session', 'jwt'] } }, async (request) => ({ user: request.scope!.subject }));
  app.get('/public', { config: { auth: 'public' } }, async () => ({ public: true }));
}

const Bundle = Type.Object({ items: Type.Array(Type.Object({ name: Type.String({ minLength: 1, title: 'item name' }) }, { additionalProperties: false }), { minItems: 1 }) }, { additionalProperties: false });

export const probe: DialectDefinition<{ key: string; secret: string }> = {
  name: 'probe',
  prefix: '/probe',
  credentials: {
    schema: Type.Object({ key: Type.String(), secret: Type.String() }),
    demo: { key: 'demo-probe-key', secret: 'demo-probe-secret' },
    random: (random) => ({ key: `pk_${random.hex(8)}`, secret: random.hex(16) }),
    rows: (c) => [{ kind: 'primary', key: c.key, secret: c.secret }],
    fromRows: (rows) => ({ key: rows[0].key, secret: rows[0].secret ?? '' }),
    sensitive: ['x-probe-key', 'x-probe-secret'],
  },
  auth: { default: keyAuth, session: sessionAuth, jwt: jwtAuth, public: { public: true } },
  protocol: probeProtocol,
  tables: {
    tables: { probe_items: 'data' },
    migrations: {
      'probe-0001-items': async (db) => {
        await sql`create table probe_items (sandbox_id text not null, id text not null, name text not null, created_at bigint not null, primary key (sandbox_id, id))`.execute(db);
      },
    },
  },
  fixtures: {
    async seed(s, tx, seeding) {
      if (seeding.kind === 'demo') await addItem(s, tx, 'seeded');
    },
    bundle: {
      schema: Bundle,
      async add(s, tx, bundle: Static<typeof Bundle>) {
        const items = [];
        for (const item of bundle.items) items.push(view(await addItem(s, tx, item.name)));
        return { items };
      },
    },
  },
  jobs: {
    async expire(s, tx, key) {
      const gone = await tx.deleteFrom('probe_items').where('sandbox_id', '=', s.sandboxId).where('id', '=', key).executeTakeFirst();
      if (Number(gone.numDeletedRows) > 0) await s.emit(tx, 'item.expired', { id: key, at: s.now });
    },
  },
  routes: probeRoutes,
};

export const probeConformance: Conformance = {
  read: { method: 'GET', path: '/items' },
  write: { method: 'POST', path: '/items', body: { name: 'conformance' } },
  isRejection: (a) => a.status === 401 && a.body?.problem === 'auth',
  isError: (a) => typeof a.body?.problem === 'string' && typeof a.body?.detail === 'string',
  formats: [{ query: 'format=text', is: (a) => a.text.startsWith('text:{"problem":"fault"') }],
};
