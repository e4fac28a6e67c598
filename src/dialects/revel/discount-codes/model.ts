import type { Tx } from '../../../core/db/engine.ts';
import { isUniqueViolation } from '../../../core/db/errors.ts';
import { nextId } from '../../../core/db/sequences.ts';
import type { SandboxScope } from '../../../core/scope.ts';
import { codesForbidden, isEmsBase } from '../ems.ts';
import { badRequest, emsForbidden, fieldErrors, notFound, permissionDenied, rejected } from '../tastypie/errors.ts';
import { getObject } from '../tastypie/object-store.ts';
import type { QueryParams, Stored } from '../tastypie/types.ts';
import { parseUri, resourceUri } from '../tastypie/uri.ts';
import {
  CODE_SEQUENCE,
  flipCode,
  insertCode,
  insertRequestIfFirst,
  selectCode,
  selectCodePage,
  selectRequest,
  takeDueRequest,
  type CodeRequestRow,
  type DiscountCodeRow,
} from './store.ts';

/**
 * The DiscountCode resource (revel-2.79-changelog.txt, "DiscountCode Resource Changes"). It is
 * served by Revel's discount code service, not by Tastypie: its list has its own `meta`,
 * takes no filters and never fails; its writes have their own rules and answers.
 */

/** GET rule 1: at most 1000 codes a page; default 20. */
export const DEFAULT_CODE_LIMIT = 20;
export const MAX_CODE_LIMIT = 1000;
/** POST: "Up to 200 characters long." */
export const MAX_CODE_LENGTH = 200;
/** How long (by the sandbox clock) the EMS service takes to process a first code: "some time" (README, choices). */
export const EMS_PROCESSING_MS = 5_000;

export interface DiscountCodeView {
  code: string;
  establishment: string;
  discount: string;
  used: boolean;
  type: number;
  id: number;
  resource_uri: string;
}

export interface CodePage {
  objects: DiscountCodeView[];
  meta: { page_count: number; limit: number; next: string | null };
}

/** The sample's key order: code, establishment, discount, used, type, id, resource_uri. */
export function codeView(r: DiscountCodeRow): DiscountCodeView {
  return {
    code: r.code,
    establishment: resourceUri('enterprise', 'Establishment', r.establishment_id),
    discount: resourceUri('resources', 'Discount', r.discount_id),
    used: r.used === 1,
    type: r.type,
    id: r.id,
    resource_uri: resourceUri('resources', 'DiscountCode', r.id),
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const last = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);

/** PUT/PATCH answers `400 {}` (the document's sample 400). */
const REJECTED = rejected;
/** The attributes a PUT/PATCH may carry (the document's field table). */
const UPDATE_FIELDS = new Set(['used', 'type', 'resource_uri', 'discount', 'establishment', 'code', 'id']);

/**
 * What became of a POSTed code: created now; queued for the EMS service (processed later, its
 * outcome posted to `callback_url`); or refused for now because an earlier first code of the
 * discount is still being processed.
 */
export type CreateOutcome = 'created' | 'queued' | 'pending';

/** The scheduler's job that processes a queued EMS code when it comes due (its key: the discount id). */
export const EMS_CODE_JOB = 'ems-code';

/** What a read needs of a scope. */
type Reader = Pick<SandboxScope, 'db' | 'sandboxId'>;

export class DiscountCodes {
  /**
   * GET /resources/DiscountCode/?discount_id=&limit=&next= (GET rules 1-4): no filtering, an
   * opaque `next` cursor (`<codes seen>:1`, as in the sample), and the empty answer of rule 3
   * whenever there is no discount_id, nothing is found or anything is wrong.
   */
  async list(s: SandboxScope, query: QueryParams): Promise<CodePage> {
    const limit = codeLimit(last(query.limit));
    const empty: CodePage = { objects: [], meta: { page_count: 0, limit, next: null } };
    const rawDiscount = last(query.discount_id);
    if (rawDiscount === undefined || !/^\d{1,15}$/.test(rawDiscount.trim())) return empty;
    const discountId = Number(rawDiscount.trim());
    const rawNext = last(query.next);
    let offset = 0;
    if (rawNext !== undefined && rawNext !== '') {
      const m = /^(\d{1,15}):(\d{1,15})$/.exec(rawNext.trim());
      if (!m) return empty;
      offset = Number(m[1]);
    }
    await this.processIfDue(s, discountId);
    const rows = await selectCodePage(s.db, s.sandboxId, discountId, offset, limit);
    if (rows.length === 0) return empty;
    // A full page may have a successor: the cursor is handed out, and an empty page ends the walk.
    const next = rows.length === limit ? `/resources/DiscountCode/?discount_id=${discountId}&limit=${limit}&next=${offset + rows.length}:1` : null;
    return { objects: rows.map(codeView), meta: { page_count: rows.length, limit, next } };
  }

  async get(s: Reader, id: number): Promise<DiscountCodeView | undefined> {
    const row = await selectCode(s.db, s.sandboxId, id);
    return row ? codeView(row) : undefined;
  }

  /**
   * PUT/PATCH /resources/DiscountCode/{id}/ (rules 1-4): 400 for an empty body, an unknown or
   * ill-typed attribute, neither `type` nor `used`, a flag set to its current value, a missing
   * `establishment` or `discount`; 403 when they do not give the right to edit this code;
   * `code` is ignored; 200 with the object.
   */
  async update(s: SandboxScope, id: number, body: unknown): Promise<DiscountCodeView> {
    const sandboxId = s.sandboxId;
    if (!isPlainObject(body) || Object.keys(body).length === 0) throw REJECTED();
    if (Object.keys(body).some((k) => !UPDATE_FIELDS.has(k))) throw REJECTED();
    const change: { type?: number; used?: number } = {};
    if ('type' in body) {
      if (body.type !== 0 && body.type !== 1) throw REJECTED();
      change.type = body.type;
    }
    if ('used' in body) {
      if (typeof body.used !== 'boolean') throw REJECTED();
      change.used = body.used ? 1 : 0;
    }
    if (change.type === undefined && change.used === undefined) throw REJECTED();
    if (typeof body.discount !== 'string' || typeof body.establishment !== 'string') throw REJECTED();
    const discountUri = parseUri(body.discount);
    const establishmentUri = parseUri(body.establishment);
    if (!discountUri || discountUri.name !== 'Discount' || !establishmentUri || establishmentUri.name !== 'Establishment') throw REJECTED();

    const row = await selectCode(s.db, sandboxId, id);
    if (!row) throw notFound();
    const discount = await getObject(s.db, sandboxId, 'Discount', row.discount_id);
    if (!discount || discountUri.id !== row.discount_id || establishmentUri.id !== discount.establishment) {
      throw permissionDenied('The establishment and discount given do not have permission to edit this discount code.');
    }
    if (codesForbidden(discount)) throw emsForbidden();

    const changed = await s.tx((tx) => flipCode(tx, sandboxId, id, row.discount_id, change));
    const after = await selectCode(s.db, sandboxId, id);
    if (!after) throw notFound();
    if (!changed) throw REJECTED();
    return codeView(after);
  }

  /**
   * POST /resources/DiscountCode/: `code` (≤ 200) and `discount` required, `type` 0 when it is
   * absent (issue 3; the document's table calls it required), `used` optional.
   * An EMS copy is 403; an EMS base discount without codes is processed asynchronously (202),
   * and POSTs for it meanwhile are sent back (302).
   */
  async create(s: SandboxScope, body: unknown): Promise<CreateOutcome> {
    const { sandboxId, now: nowMs } = s;
    if (!isPlainObject(body)) throw badRequest('The request body must be a JSON object.');
    for (const key of ['id', 'resource_uri']) {
      if (key in body) throw badRequest(`The '${key}' field may not be sent when creating a DiscountCode: the server assigns it.`);
    }
    const errors: Record<string, string[]> = {};
    const code = body.code;
    if (code === undefined || code === null || code === '') errors.code = ['This field is required.'];
    else if (typeof code !== 'string') errors.code = [`'${JSON.stringify(code)}' value must be a string.`];
    else if (code.includes('\u0000')) errors.code = ['Null characters are not allowed.'];
    else if ([...code].length > MAX_CODE_LENGTH) errors.code = [`Ensure this value has at most ${MAX_CODE_LENGTH} characters (it has ${[...code].length}).`];
    let type = 0;
    if (body.type !== undefined && body.type !== null) {
      if (body.type === 0 || body.type === 1) type = body.type;
      else errors.type = [`Select a valid choice. ${JSON.stringify(body.type)} is not one of the available choices.`];
    }
    let used = false;
    if (body.used !== undefined && body.used !== null) {
      if (typeof body.used === 'boolean') used = body.used;
      else errors.used = [`'${JSON.stringify(body.used)}' value must be either True or False.`];
    }
    let callbackUrl: string | null = null;
    if (body.callback_url !== undefined && body.callback_url !== null && body.callback_url !== '') {
      if (typeof body.callback_url === 'string' && /^https?:\/\/[^\s/]+/i.test(body.callback_url) && URL.canParse(body.callback_url)) callbackUrl = body.callback_url;
      else errors.callback_url = ['Enter a valid URL.'];
    }
    let discount: Stored | undefined;
    if (body.discount === undefined || body.discount === null || body.discount === '') errors.discount = ['This field is required.'];
    else {
      const uri = typeof body.discount === 'string' ? parseUri(body.discount) : null;
      if (!uri || uri.name !== 'Discount' || uri.namespace !== 'resources') {
        errors.discount = [`An incorrect URL was provided '${typeof body.discount === 'string' ? body.discount : JSON.stringify(body.discount)}' for the 'Discount' resource.`];
      } else {
        discount = await getObject(s.db, sandboxId, 'Discount', uri.id);
        if (!discount) errors.discount = [`Could not find the provided object via resource URI '${body.discount}'`];
      }
    }
    if (Object.keys(errors).length || !discount) throw fieldErrors('DiscountCode', errors);

    if (codesForbidden(discount)) throw emsForbidden();
    await this.processIfDue(s, discount.id);
    if (isEmsBase(discount)) {
      const dueAt = nowMs + EMS_PROCESSING_MS;
      const queued = await s.tx(async (tx) => {
        const first = await insertRequestIfFirst(tx, {
          sandbox_id: sandboxId,
          discount_id: discount.id,
          code: code as string,
          type,
          used: used ? 1 : 0,
          callback_url: callbackUrl,
          due_at: dueAt,
          created_at: nowMs,
        });
        if (first) await s.schedule(tx, EMS_CODE_JOB, String(discount.id), dueAt);
        return first;
      });
      if (queued) return 'queued';
      if (await selectRequest(s.db, sandboxId, discount.id)) return 'pending';
      // The discount has codes already: this one is added at once, callback_url is ignored.
    }
    try {
      await s.tx(async (tx) => {
        const id = await nextId(tx, sandboxId, CODE_SEQUENCE);
        await insertCode(tx, { sandbox_id: sandboxId, id, discount_id: discount.id, establishment_id: discount.establishment as number, code: code as string, type, used: used ? 1 : 0 });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw fieldErrors('DiscountCode', { code: ['Discount code with this Code already exists for this discount.'] });
      throw err;
    }
    return 'created';
  }

  /** Processes the discount's pending EMS request if the sandbox clock has reached it (reads call this). */
  async processIfDue(s: SandboxScope, discountId: number): Promise<void> {
    const pending = await selectRequest(s.db, s.sandboxId, discountId);
    if (pending && pending.due_at <= s.now) await s.tx((tx) => this.process(s, tx, discountId));
  }

  /**
   * The EMS service finishing a first code (the scheduler's job, or a read that finds it due):
   * the code is created and the outcome queued for `callback_url` in the same transaction (the
   * outbox delivers it after commit). Only one caller takes the request; the others find it gone.
   */
  async process(s: SandboxScope, tx: Tx, discountId: number): Promise<void> {
    const request = await takeDueRequest(tx, s.sandboxId, discountId, s.now);
    if (!request) return;
    await s.unschedule(tx, EMS_CODE_JOB, String(discountId));
    const discount = await getObject(tx, s.sandboxId, 'Discount', discountId);
    const outcome = discount ? await this.materialize(tx, request, discount) : failure(request, `Could not find the provided object via resource URI '${resourceUri('resources', 'Discount', discountId)}'`);
    if (!request.callback_url) return;
    await s.emit(tx, outcome.status === 'success' ? 'discount_code.created' : 'discount_code.failed', outcome, { url: request.callback_url });
  }

  private async materialize(tx: Tx, request: CodeRequestRow, discount: Stored): Promise<Record<string, unknown>> {
    const id = await nextId(tx, request.sandbox_id, CODE_SEQUENCE);
    const row: DiscountCodeRow = {
      sandbox_id: request.sandbox_id,
      id,
      discount_id: discount.id,
      establishment_id: discount.establishment as number,
      code: request.code,
      type: request.type,
      used: request.used,
    };
    await insertCode(tx, row);
    return { status: 'success', message: 'code created successfully', ...codeView(row) };
  }
}

/** The callback body of a request that could not be processed (README: callback payloads). */
function failure(request: CodeRequestRow, message: string): Record<string, unknown> {
  return {
    status: 'failure',
    message,
    code: request.code,
    discount: resourceUri('resources', 'Discount', request.discount_id),
  };
}

/** GET rule 1: default 20, more than 1000 is 1000; anything unusable is the default (rule 4: never an error). */
function codeLimit(raw: string | undefined): number {
  if (raw === undefined || !/^\s*\d{1,15}\s*$/.test(raw)) return DEFAULT_CODE_LIMIT;
  const n = Number(raw);
  if (n <= 0) return DEFAULT_CODE_LIMIT;
  return Math.min(n, MAX_CODE_LIMIT);
}
