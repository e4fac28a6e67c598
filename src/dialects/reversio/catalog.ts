import type { Tx } from '../../core/db/engine.ts';
import { isUniqueViolation } from '../../core/db/errors.ts';
import { nextId } from '../../core/db/sequences.ts';
import type { SandboxScope } from '../../core/scope.ts';
import { decimal } from './binding.ts';
import { ok, paginate } from './envelope.ts';
import { alreadyExists, badRequest, notFound, required, unknownReference } from './errors.ts';
import type { ModelInput } from './schemas.ts';
import {
  brandKey,
  insertBrand,
  insertModel,
  renameBrand,
  selectBrand,
  selectBrands,
  selectModel,
  selectModelPage,
  selectModelType,
  selectModelTypes,
  SEQUENCE,
  updateModel,
  type BrandRow,
  type ModelRow,
} from './store.ts';
import { ADDITIONAL_FLAGS, brandView, modelTypeView, modelView, type Additional, type ModelView } from './views.ts';

/** The languages model type labels are kept in; anything else is answered in English. */
export const LANGUAGES = ['en', 'fr'] as const;

/** The best of `LANGUAGES` for an `Accept-Language` header (q-values honoured), else `en`. */
export function languageOf(header: string | undefined): string {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
      return { lang: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q[1]) : 1, i };
    })
    .filter((r) => r.lang && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked.find((r) => (LANGUAGES as readonly string[]).includes(r.lang))?.lang ?? 'en';
}

// ---------------------------------------------------------------- model types

/** `GET catalog/modelTypes`: the tree, flat and parents first, each type with its `parentId`. */
export async function listModelTypes(s: SandboxScope, language: string) {
  const rows = await selectModelTypes(s.db, s.sandboxId);
  const children = new Map<string | null, typeof rows>();
  for (const r of rows) children.set(r.parent_id, [...(children.get(r.parent_id) ?? []), r]);
  const out: ReturnType<typeof modelTypeView>[] = [];
  const walk = (parent: string | null, seen: Set<string>) => {
    for (const r of children.get(parent) ?? []) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      out.push(modelTypeView(r, language));
      walk(r.id, seen);
    }
  };
  const seen = new Set<string>();
  walk(null, seen);
  // A type whose parent is gone still shows, at the end.
  for (const r of rows) if (!seen.has(r.id)) out.push(modelTypeView(r, language));
  return out;
}

// ---------------------------------------------------------------- brands

export async function listBrands(s: SandboxScope) {
  return (await selectBrands(s.db, s.sandboxId)).map(brandView);
}

/** A new brand of that name; undefined when the name is taken (by a brand made meanwhile too). */
async function newBrand(s: SandboxScope, tx: Tx, name: string): Promise<BrandRow | undefined> {
  const row: BrandRow = { sandbox_id: s.sandboxId, id: s.random.uuid(), name: name.trim(), name_key: brandKey(name), created_at: s.now, updated_at: s.now, seq: await nextId(tx, s.sandboxId, SEQUENCE) };
  return (await insertBrand(tx, row)) ? row : undefined;
}

/** `PUT catalog/brands`: a new brand; its name must not be taken (whatever its case). */
export async function createBrand(s: SandboxScope, name: string) {
  if (!name.trim()) throw required('name');
  try {
    return brandView(
      await s.tx(async (tx) => {
        const made = !(await selectBrand(tx, s.sandboxId, { name })) && (await newBrand(s, tx, name));
        if (!made) throw alreadyExists('name', 'brand', name.trim());
        return made;
      }),
    );
  } catch (err) {
    if (isUniqueViolation(err)) throw alreadyExists('name', 'brand', name.trim());
    throw err;
  }
}

/** `POST catalog/brands/{id}`: renames a brand. */
export async function updateBrand(s: SandboxScope, id: string, name: string) {
  if (!name.trim()) throw required('name');
  try {
    return await s.tx(async (tx) => {
      const brand = await selectBrand(tx, s.sandboxId, { id });
      if (!brand) throw notFound('id', 'brand', id);
      const other = await selectBrand(tx, s.sandboxId, { name });
      if (other && other.id !== id) throw alreadyExists('name', 'brand', name.trim());
      await renameBrand(tx, s.sandboxId, id, name.trim(), s.now);
      return brandView({ ...brand, name: name.trim() });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw alreadyExists('name', 'brand', name.trim());
    throw err;
  }
}

// ---------------------------------------------------------------- models

/** The states a model is in; read whatever their case (PrestaShop sends `new`). */
export const STATES = ['New', 'Used', 'Refurbished'] as const;

const stateOf = (value: string): string => {
  const found = STATES.find((st) => st.toLowerCase() === value.trim().toLowerCase());
  if (!found) throw badRequest('InvalidValue', 'state', `The value '${value}' is not valid for state: expected one of ${STATES.join(', ')}.`);
  return found;
};

/** A model's flags when a create leaves them out. */
const DEFAULT_ADDITIONAL: Additional = { isReturnable: true, isRepairable: true, isTransportable: true, isSerializable: false, isOnSiteInterventionPossible: false, isCumbersome: false };

/** The brand a body names: `brandId` (which must exist), else `brandName` (made when new); none: no brand. */
async function brandOf(s: SandboxScope, tx: Tx, input: ModelInput): Promise<string | null | undefined> {
  if (input.brandId) {
    if (!(await selectBrand(tx, s.sandboxId, { id: input.brandId }))) throw unknownReference('brandId', 'brand', input.brandId);
    return input.brandId;
  }
  if (input.brandName && input.brandName.trim()) {
    const found = (await selectBrand(tx, s.sandboxId, { name: input.brandName })) ?? (await newBrand(s, tx, input.brandName)) ?? (await selectBrand(tx, s.sandboxId, { name: input.brandName }));
    return found!.id;
  }
  return input.brandId === null || input.brandName === null ? null : undefined;
}

/** The model type a body names: `modelTypeId`, else `modelTypeUniqueName`; either must exist. */
async function modelTypeOf(s: SandboxScope, tx: Tx, input: ModelInput): Promise<string | undefined> {
  if (input.modelTypeId) {
    const t = await selectModelType(tx, s.sandboxId, { id: input.modelTypeId });
    if (!t) throw unknownReference('modelTypeId', 'model type', input.modelTypeId);
    return t.id;
  }
  if (input.modelTypeUniqueName) {
    const t = await selectModelType(tx, s.sandboxId, { key: input.modelTypeUniqueName });
    if (!t) throw unknownReference('modelTypeUniqueName', 'model type', input.modelTypeUniqueName);
    return t.id;
  }
  return undefined;
}

/** The columns a body sets (undefined: left as they are). */
function columnsOf(input: ModelInput, base: Additional): Partial<ModelRow> {
  const out: Partial<ModelRow> = {};
  if (input.label !== undefined) out.label = input.label;
  if (input.sku !== undefined) out.sku = input.sku;
  if (input.state !== undefined && input.state !== null) out.state = stateOf(input.state);
  if (input.weight !== undefined) out.weight = decimal(input.weight);
  if (input.dimension !== undefined) {
    out.length_cm = decimal(input.dimension?.lengthInCm);
    out.width_cm = decimal(input.dimension?.widthInCm);
    out.height_cm = decimal(input.dimension?.heightInCm);
  }
  // Empty EANs (PrestaShop sends a product's blank `ean13`) are no EAN.
  if (input.eaNs !== undefined) out.eans = JSON.stringify((input.eaNs ?? []).filter((e): e is string => typeof e === 'string' && e.trim() !== '').map((e) => e.trim()));
  if (input.photoUrl !== undefined) out.photo_url = input.photoUrl && input.photoUrl.trim() ? input.photoUrl.trim() : null;
  if (input.additionalInformation !== undefined) {
    const given = input.additionalInformation ?? {};
    out.additional = JSON.stringify(Object.fromEntries(ADDITIONAL_FLAGS.map((f) => [f, typeof given[f] === 'boolean' ? given[f] : base[f]])));
  }
  return out;
}

async function skuTaken(tx: Tx, s: SandboxScope, sku: string, except?: string): Promise<boolean> {
  const found = await selectModel(tx, s.sandboxId, { sku });
  return found !== undefined && found.id !== except;
}

/** `POST`/`PUT catalog/models`: a new model; `sku` unique in the sandbox. */
export async function createModel(s: SandboxScope, input: ModelInput & { label: string; sku: string }): Promise<ModelView> {
  try {
    return await s.tx(async (tx) => {
      if (await skuTaken(tx, s, input.sku)) throw alreadyExists('sku', 'model', input.sku);
      const modelTypeId = await modelTypeOf(s, tx, input);
      if (!modelTypeId) throw required('modelTypeUniqueName');
      const brandId = await brandOf(s, tx, input);
      const row: ModelRow = {
        sandbox_id: s.sandboxId,
        id: s.random.uuid(),
        sku: input.sku,
        label: input.label,
        brand_id: brandId ?? null,
        model_type_id: modelTypeId,
        state: 'New',
        weight: null,
        length_cm: null,
        width_cm: null,
        height_cm: null,
        eans: '[]',
        photo_url: null,
        additional: JSON.stringify(DEFAULT_ADDITIONAL),
        created_at: s.now,
        updated_at: s.now,
        seq: await nextId(tx, s.sandboxId, SEQUENCE),
        ...columnsOf(input, DEFAULT_ADDITIONAL),
      };
      await insertModel(tx, row);
      return modelView((await selectModel(tx, s.sandboxId, { id: row.id }))!);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw alreadyExists('sku', 'model', input.sku);
    throw err;
  }
}

/** `POST catalog/models/{id}`: changes the fields the body sends, keeps the others. */
export async function changeModel(s: SandboxScope, id: string, input: ModelInput): Promise<ModelView> {
  try {
    return await s.tx(async (tx) => {
      const model = await selectModel(tx, s.sandboxId, { id });
      if (!model) throw notFound('id', 'model', id);
      if (input.sku !== undefined && (await skuTaken(tx, s, input.sku, id))) throw alreadyExists('sku', 'model', input.sku);
      const changes = columnsOf(input, JSON.parse(model.additional) as Additional);
      const modelTypeId = await modelTypeOf(s, tx, input);
      if (modelTypeId) changes.model_type_id = modelTypeId;
      const brandId = await brandOf(s, tx, input);
      if (brandId !== undefined) changes.brand_id = brandId;
      await updateModel(tx, s.sandboxId, id, { ...changes, updated_at: s.now });
      return modelView((await selectModel(tx, s.sandboxId, { id }))!);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw alreadyExists('sku', 'model', input.sku);
    throw err;
  }
}

/**
 * A model's answer (`GET catalog/models/{id}`, `…/bySku/{sku}`), the envelope as sent. Its
 * routes are `keep`: on SQLite the answer is given again until the sandbox's next write
 * (core/http/kept-answers.ts).
 */
export async function modelAnswer(s: SandboxScope, by: { id: string } | { sku: string }): Promise<string> {
  const row = await selectModel(s.db, s.sandboxId, by);
  if (!row) throw 'id' in by ? notFound('id', 'model', by.id) : notFound('sku', 'model', by.sku);
  return JSON.stringify(ok(modelView(row)));
}

/** `GET catalog/models?page=&pageSize=`: in creation order. */
export async function listModels(s: SandboxScope, page: number, pageSize: number) {
  const { rows, total } = await selectModelPage(s.db, s.sandboxId, (page - 1) * pageSize, pageSize);
  return { items: rows.map(modelView), pagination: paginate(total, page, pageSize) };
}
