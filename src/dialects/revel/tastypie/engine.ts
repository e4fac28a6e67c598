import type { Db, Engine, Tx } from '../../../core/db/engine.ts';
import { badRequest } from './errors.ts';
import { represent, type ReadContext } from './dehydrate.ts';
import { createObject, deleteObjectById, updateObjectFrom, WriteConflict, type WriteContext } from './hydrate.ts';
import { countObjects, countWhere, deleteObject, getAll, getObject, getPageRows, getPageWhere, getRow, parse, type ObjectRow } from './object-store.ts';
import { filtersOf, matches, onlyFieldsOf, orderingOf, pageOf, sortObjects } from './query.ts';
import type { Registry } from './registry.ts';
import { canFilterInSql, canOrderInSql, SqlQuery } from './sql-query.ts';
import type { QueryParams, ResourceDef, Stored } from './types.ts';
import { listUri, quotePlus } from './uri.ts';
import type { SandboxScope } from '../../../core/scope.ts';
import { stringifyRevel } from './values.ts';
import { fieldsKeyOf, joinForms, objectJson, plainFields } from './wire.ts';

export interface ListMeta {
  limit: number;
  next: string | null;
  offset: number;
  previous: string | null;
  total_count: number;
}

/** The request a list is answered for: its parsed query and its raw pairs (for `next`/`previous`). */
export interface ListRequest {
  query: QueryParams;
  /** The query string as sent, in order, repeated keys included. */
  pairs: Array<[string, string]>;
}

/** A list request's page: its meta, and its objects as stored rows (or parsed, when filtered in JS). */
interface Page {
  meta: ListMeta;
  only: Set<string> | null;
  rows?: ObjectRow[];
  objs: Stored[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The Tastypie operations of every resource definition: list, detail, create, replace,
 * update, delete. HTTP stays in the routes; this only knows definitions and the store.
 */
export class TastypieEngine {
  private readonly sql: SqlQuery;

  constructor(
    readonly db: Db,
    readonly registry: Registry,
    engine: Engine,
  ) {
    this.sql = new SqlQuery(engine);
  }

  readContext(sandboxId: string, query: QueryParams, db: Db | Tx = this.db): ReadContext {
    return { db, sandboxId, registry: this.registry, query };
  }

  /** GET /ns/Name/: `{"meta": {...}, "objects": [...]}` (FIDELITY.md). */
  async list(sandboxId: string, def: ResourceDef, req: ListRequest): Promise<{ meta: ListMeta; objects: Array<Record<string, unknown>> }> {
    return this.represented(sandboxId, def, req, await this.page(sandboxId, def, req));
  }

  private async represented(sandboxId: string, def: ResourceDef, req: ListRequest, page: Page): Promise<{ meta: ListMeta; objects: Array<Record<string, unknown>> }> {
    const objs = page.rows ? page.rows.map(parse) : page.objs;
    return { meta: page.meta, objects: await represent(this.readContext(sandboxId, req.query), def, objs, undefined, page.only) };
  }

  /**
   * The list answer as JSON text, as `stringifyRevel` writes `list`'s: objects rendered from
   * their rows alone come from their kept wire form (wire.ts), never parsed again.
   */
  async listJson(sandboxId: string, def: ResourceDef, req: ListRequest): Promise<string | Buffer> {
    const page = await this.page(sandboxId, def, req);
    const fields = page.rows ? plainFields(def, req.query, page.only) : null;
    if (!fields || !page.rows) return stringifyRevel(await this.represented(sandboxId, def, req, page));
    const key = fieldsKeyOf(page.only);
    const forms = page.rows.map((row) => objectJson(sandboxId, this.registry, def, fields, key, row));
    return joinForms(`{"meta":${JSON.stringify(page.meta)},"objects":[`, forms, ']}');
  }

  /** The page a list request asks for: its meta, and its objects as stored rows (or parsed, when filtered in JS). */
  private async page(sandboxId: string, def: ResourceDef, req: ListRequest): Promise<Page> {
    const { limit, offset } = pageOf(req.query);
    const filters = filtersOf(def, req.query);
    const orderings = orderingOf(def, req.query);
    const only = onlyFieldsOf(def, req.query);
    const resource = this.registry.storedName(def);

    let rows: ObjectRow[] | undefined;
    let objs: Stored[] = [];
    let total: number;
    const byIdOnly = orderings.length === 0 || (orderings.length === 1 && orderings[0].field === 'id');
    if (filters.length === 0 && byIdOnly) {
      // The common case (and the benchmarked one): one page read through the primary key.
      total = await countObjects(this.db, sandboxId, resource);
      rows = offset >= total ? [] : await getPageRows(this.db, sandboxId, resource, { limit, offset, descending: orderings[0]?.descending ?? false });
    } else if (filters.every(canFilterInSql) && orderings.every(canOrderInSql)) {
      // The database filters and orders; only the page is read.
      const where = this.sql.where(filters);
      total = await countWhere(this.db, sandboxId, resource, where);
      rows = offset >= total ? [] : await getPageWhere(this.db, sandboxId, resource, where, this.sql.orderBy(orderings), { limit, offset });
    } else {
      // What SQL cannot say here (text lookups on numbers, computed fields): every object, in JS.
      const all = (await getAll(this.db, sandboxId, resource)).filter((o) => matches(o, filters));
      const sorted = orderings.length ? sortObjects(all, orderings) : all;
      total = sorted.length;
      objs = sorted.slice(offset, offset + limit);
    }
    const base = listUri(def.namespace, def.name);
    const meta: ListMeta = {
      limit,
      next: offset + limit >= total ? null : pageUri(base, req.pairs, limit, offset + limit),
      offset,
      previous: offset - limit < 0 ? null : pageUri(base, req.pairs, limit, offset - limit),
      total_count: total,
    };
    return { meta, only, rows, objs };
  }

  /** GET /ns/Name/{id}/ as JSON text (see listJson), or undefined (Tastypie's empty 404). */
  async detailJson(sandboxId: string, def: ResourceDef, id: number, query: QueryParams): Promise<string | Buffer | undefined> {
    const only = onlyFieldsOf(def, query);
    const fields = plainFields(def, query, only);
    if (!fields) {
      const rep = await this.detail(sandboxId, def, id, query);
      return rep === undefined ? undefined : stringifyRevel(rep);
    }
    const row = await getRow(this.db, sandboxId, this.registry.storedName(def), id);
    return row ? objectJson(sandboxId, this.registry, def, fields, fieldsKeyOf(only), row) : undefined;
  }

  /** GET /ns/Name/{id}/: the object, or undefined (Tastypie's empty 404). */
  async detail(sandboxId: string, def: ResourceDef, id: number, query: QueryParams): Promise<Record<string, unknown> | undefined> {
    const obj = await getObject(this.db, sandboxId, this.registry.storedName(def), id);
    if (!obj) return undefined;
    const [rep] = await represent(this.readContext(sandboxId, query), def, [obj], undefined, onlyFieldsOf(def, query));
    return rep;
  }

  async representOne(sandboxId: string, def: ResourceDef, obj: Stored, query: QueryParams): Promise<Record<string, unknown>> {
    const [rep] = await represent(this.readContext(sandboxId, query), def, [obj], undefined, onlyFieldsOf(def, query));
    return rep;
  }

  async create(s: SandboxScope, def: ResourceDef, body: unknown): Promise<Stored> {
    const data = requireObject(body);
    return this.write(s, (ctx) => createObject(ctx, def, data));
  }

  /** PUT and PATCH; undefined when there is no such object. */
  async update(s: SandboxScope, def: ResourceDef, id: number, body: unknown): Promise<Stored | undefined> {
    const data = requireObject(body);
    return this.write(s, (ctx) => updateObjectFrom(ctx, def, id, data));
  }

  async remove(s: SandboxScope, def: ResourceDef, id: number): Promise<boolean> {
    return this.write(s, async (ctx) => {
      const gone = await deleteObject(ctx.tx, s.sandboxId, def.name, id);
      if (!gone) return false;
      await deleteObjectById(ctx, def, gone);
      return true;
    });
  }

  /** One transaction per write; run again when a concurrent write changed an object under it. */
  async write<T>(s: SandboxScope, work: (ctx: WriteContext) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await s.tx((tx) => work({ tx, sandboxId: s.sandboxId, registry: this.registry, nowMs: s.now, random: s.random }));
      } catch (err) {
        if (!(err instanceof WriteConflict) || attempt >= 20) throw err;
      }
    }
  }
}

function requireObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (!isPlainObject(body)) throw badRequest('The request body must be a JSON object.');
  return body;
}

/** Tastypie's Paginator._generate_uri: every other parameter as sent, then limit and offset. */
function pageUri(base: string, pairs: Array<[string, string]>, limit: number, offset: number): string {
  const kept = pairs.filter(([k]) => k !== 'limit' && k !== 'offset');
  kept.push(['limit', String(limit)], ['offset', String(offset)]);
  return `${base}?${kept.map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`).join('&')}`;
}
