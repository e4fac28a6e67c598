import type { FieldDef, Method, ResourceDef, ToOneField } from './types.ts';

const LIST_METHODS: readonly Method[] = ['GET', 'POST'];
const DETAIL_METHODS: readonly Method[] = ['GET', 'PUT', 'PATCH', 'DELETE'];

/** Every resource definition by name, with what the engine derives from each once. */
export class Registry {
  private readonly defs = new Map<string, ResourceDef>();

  constructor(defs: readonly ResourceDef[]) {
    for (const def of defs) {
      if (this.defs.has(def.name)) throw new Error(`revel: resource ${def.name} is defined twice`);
      this.defs.set(def.name, def);
    }
    for (const def of defs) this.check(def);
  }

  all(): ResourceDef[] {
    return [...this.defs.values()];
  }

  get(name: string): ResourceDef {
    const def = this.defs.get(name);
    if (!def) throw new Error(`revel: no resource named ${name}`);
    return def;
  }

  has(name: string): boolean {
    return this.defs.has(name);
  }

  /** The resource whose rows a definition reads (a view reads its source's). */
  storedName(def: ResourceDef): string {
    return def.source ?? def.name;
  }

  /** The to-one field linking an object to its parent, if the resource has one. */
  parentField(def: ResourceDef): [string, ToOneField] | undefined {
    for (const [name, f] of Object.entries(def.fields)) if (f.type === 'to_one' && f.parent) return [name, f];
    return undefined;
  }

  listMethods(def: ResourceDef): readonly Method[] {
    return def.source ? ['GET'] : (def.listMethods ?? LIST_METHODS);
  }

  detailMethods(def: ResourceDef): readonly Method[] {
    return def.source ? ['GET'] : (def.detailMethods ?? DETAIL_METHODS);
  }

  private check(def: ResourceDef): void {
    if (!def.fields.id && !def.source) throw new Error(`revel: resource ${def.name} has no id field`);
    if (def.source && !this.defs.has(def.source)) throw new Error(`revel: ${def.name} views unknown resource ${def.source}`);
    for (const [name, f] of Object.entries(def.fields) as Array<[string, FieldDef]>) {
      if ((f.type === 'to_one' || f.type === 'to_many' || f.type === 'reverse') && !this.defs.has(f.to)) {
        throw new Error(`revel: ${def.name}.${name} points to unknown resource ${f.to}`);
      }
      if (f.type === 'reverse' && !this.parentField(this.get(f.to))) {
        throw new Error(`revel: ${def.name}.${name}: ${f.to} has no parent field`);
      }
    }
  }
}

/** Whether a field is kept in the stored JSON (ids, URIs, computed and reverse fields are not). */
export function isStoredField(f: FieldDef): boolean {
  return f.type !== 'id' && f.type !== 'resource_uri' && f.type !== 'computed' && f.type !== 'reverse';
}

/** A field's default when it is a value, not a function: what an object stored before the field existed reads as. */
export function staticDefault(f: FieldDef): unknown {
  return 'default' in f && f.default !== undefined && typeof f.default !== 'function' ? f.default : null;
}

/** Filterable unless told otherwise: every stored field but JSON. */
export function isFilterable(f: FieldDef): boolean {
  if (f.filter !== undefined) return f.filter;
  if (f.hidden) return false;
  return f.type !== 'json' && f.type !== 'reverse' && f.type !== 'computed' && f.type !== 'resource_uri';
}

/** Orderable unless told otherwise: scalar, id and to-one fields. */
export function isOrderable(f: FieldDef): boolean {
  if (f.order !== undefined) return f.order;
  if (f.hidden) return false;
  return f.type !== 'json' && f.type !== 'reverse' && f.type !== 'computed' && f.type !== 'to_many' && f.type !== 'resource_uri';
}
