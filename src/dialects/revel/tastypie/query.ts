import { badRequest } from './errors.ts';
import { isFilterable, isOrderable, staticDefault } from './registry.ts';
import type { FieldDef, QueryParams, ResourceDef, Stored } from './types.ts';
import { parseUri } from './uri.ts';
import { toBoolean, toDate, toDateTime, toTime } from './values.ts';

/** FIDELITY.md: default page 20, at most 1000. */
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 1000;

/** Query parameters that are never filters (Tastypie reads them itself; Revel adds auth and `fields`). */
const RESERVED = new Set(['format', 'limit', 'offset', 'order_by', 'fields', 'api_key', 'api_secret', 'callback']);

export const LOOKUPS = ['exact', 'iexact', 'contains', 'icontains', 'in', 'gt', 'gte', 'lt', 'lte', 'startswith', 'istartswith', 'endswith', 'iendswith', 'range', 'isnull'] as const;
export type Lookup = (typeof LOOKUPS)[number];
/** Django lookups Revel does not offer (FIDELITY.md lists the ones it does). */
const OTHER_DJANGO_TERMS = new Set(['regex', 'iregex', 'year', 'month', 'day', 'week_day', 'hour', 'minute', 'second', 'search', 'date', 'time', 'quarter', 'week', 'iso_year', 'contained_by', 'overlap']);

/** The last value of a query parameter, as Django's `QueryDict.get` returns it. */
export function lastParam(q: QueryParams, key: string): string | undefined {
  const v = q[key];
  return Array.isArray(v) ? v[v.length - 1] : v;
}

export function allParams(q: QueryParams, key: string): string[] {
  const v = q[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

const INTEGER = /^\s*[+-]?\d+\s*$/;

/** Tastypie's Paginator.get_limit / get_offset, with their messages. */
export function pageOf(q: QueryParams): { limit: number; offset: number } {
  const rawLimit = lastParam(q, 'limit');
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== undefined) {
    if (!INTEGER.test(rawLimit)) throw badRequest(`Invalid limit '${rawLimit}' provided. Please provide a positive integer.`);
    limit = Number(rawLimit);
    if (limit < 0) throw badRequest(`Invalid limit '${rawLimit}' provided. Please provide a positive integer >= 0.`);
  }
  // `limit=0` means "as many as allowed", and no page is larger than the maximum.
  if (limit === 0 || limit > MAX_LIMIT) limit = MAX_LIMIT;
  const rawOffset = lastParam(q, 'offset');
  let offset = 0;
  if (rawOffset !== undefined) {
    if (!INTEGER.test(rawOffset)) throw badRequest(`Invalid offset '${rawOffset}' provided. Please provide an integer.`);
    offset = Number(rawOffset);
    if (offset < 0) throw badRequest(`Invalid offset '${rawOffset}' provided. Please provide a positive integer >= 0.`);
  }
  return { limit, offset };
}

/** How a field's values compare (sql-query.ts compares them the same way). */
export type Kind = 'number' | 'string' | 'boolean';

export function kindOf(f: FieldDef): Kind {
  switch (f.type) {
    case 'integer':
    case 'float':
    case 'decimal':
    case 'id':
    case 'to_one':
    case 'to_many':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'computed':
      return f.as === 'boolean' ? 'boolean' : f.as === 'integer' || f.as === 'float' || f.as === 'decimal' ? 'number' : 'string';
    default:
      return 'string';
  }
}

export interface Filter {
  field: string;
  def: FieldDef;
  lookup: Lookup;
  /** The converted operand: one value, a list (`in`), a pair (`range`) or a boolean (`isnull`). */
  value: unknown;
}

/** Tastypie's `string_to_python` of a filter value. */
function pythonValue(raw: string): string | boolean | null {
  if (raw === 'true' || raw === 'True') return true;
  if (raw === 'false' || raw === 'False') return false;
  if (raw === 'nil' || raw === 'none' || raw === 'None') return null;
  return raw;
}

/** One operand, converted to the field's stored form (or a 400 naming the value). */
function operand(field: string, f: FieldDef, raw: string | boolean | null): unknown {
  if (raw === null) return null;
  if (typeof raw === 'string' && raw.includes('\u0000')) throw badRequest('Null characters are not allowed.');
  const kind = kindOf(f);
  if (kind === 'boolean') {
    const b = toBoolean(raw);
    if (!b.ok) throw badRequest(b.error);
    return b.value;
  }
  const text = typeof raw === 'boolean' ? (raw ? 'True' : 'False') : raw;
  if (kind === 'number') {
    if ((f.type === 'to_one' || f.type === 'to_many') && parseUri(text)) return parseUri(text)!.id;
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) throw badRequest(`Field '${field}' expected a number but got '${text}'.`);
    return n;
  }
  const scalar = f.type === 'computed' ? f.as : f.type;
  const convert = scalar === 'datetime' ? toDateTime : scalar === 'date' ? toDate : scalar === 'time' ? toTime : null;
  if (convert) {
    const c = convert(text);
    if (!c.ok) throw badRequest(c.error);
    return c.value;
  }
  return text;
}

const TEXT_LOOKUPS = new Set<Lookup>(['contains', 'icontains', 'startswith', 'istartswith', 'endswith', 'iendswith', 'iexact']);

/** Tastypie's build_filters: unknown names are ignored, known ones must allow filtering. */
export function filtersOf(def: ResourceDef, q: QueryParams): Filter[] {
  const out: Filter[] = [];
  const own = new Set(def.queryParams ?? []);
  for (const key of Object.keys(q)) {
    if (RESERVED.has(key) || own.has(key)) continue;
    const bits = key.split('__');
    const field = bits[0];
    const f = def.fields[field];
    if (!f || (f.hidden && f.filter !== true)) continue;
    if (!isFilterable(f)) throw badRequest(`The '${field}' field does not allow filtering.`);
    let lookup: Lookup = 'exact';
    if (bits.length === 2 && (LOOKUPS as readonly string[]).includes(bits[1])) lookup = bits[1] as Lookup;
    else if (bits.length === 2 && OTHER_DJANGO_TERMS.has(bits[1])) throw badRequest(`'${bits[1]}' is not an allowed filter on the '${field}' field.`);
    else if (bits.length > 1) throw badRequest(`Lookups are not allowed more than one level deep on the '${field}' field.`);
    const raw = lastParam(q, key) ?? '';
    out.push({ field, def: f, lookup, value: filterValue(field, f, lookup, raw, allParams(q, key)) });
  }
  return out;
}

function filterValue(field: string, f: FieldDef, lookup: Lookup, raw: string, all: string[]): unknown {
  if (lookup === 'isnull') {
    const b = toBoolean(raw);
    if (!b.ok) throw badRequest(`'${raw}' is not a valid value for the '${field}__isnull' filter: use true or false.`);
    return b.value;
  }
  if (lookup === 'in' || lookup === 'range') {
    if (raw === '') return [];
    const parts = all.flatMap((p) => p.split(','));
    if (lookup === 'range' && parts.length !== 2) throw badRequest(`The '${field}__range' filter takes two values separated by a comma.`);
    return parts.map((p) => operand(field, f, pythonValue(p)));
  }
  if (TEXT_LOOKUPS.has(lookup)) {
    if (raw.includes('\u0000')) throw badRequest('Null characters are not allowed.');
    return raw;
  }
  const value = pythonValue(raw);
  if (value === null) return null;
  // `name=true` on a text field is the text 'True', as Django would compare it.
  return operand(field, f, value);
}

/** The stored value a filter or an ordering looks at. */
function valueOf(o: Stored, field: string, f: FieldDef): unknown {
  if (f.type === 'id') return o.id;
  if (f.type === 'computed') return f.compute(o);
  const v = o[field];
  return v === undefined ? staticDefault(f) : v;
}

function comparable(v: unknown, kind: Kind): number | string | boolean | null {
  if (v === null || v === undefined) return null;
  if (kind === 'number') return typeof v === 'number' ? v : Number(v);
  if (kind === 'boolean') return Boolean(v);
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function compare(a: number | string | boolean, b: number | string | boolean): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether one stored value passes one lookup (SQL semantics: NULL matches nothing but isnull). */
function test(v: number | string | boolean | null, lookup: Lookup, operandValue: unknown, kind: Kind): boolean {
  if (lookup === 'isnull') return (v === null) === operandValue;
  if (operandValue === null) return lookup === 'exact' ? v === null : false;
  if (v === null) return false;
  const text = String(typeof v === 'boolean' ? (v ? 'True' : 'False') : v);
  switch (lookup) {
    case 'exact':
      return compare(v, comparable(operandValue, kind)!) === 0;
    case 'iexact':
      return text.toLowerCase() === String(operandValue).toLowerCase();
    case 'contains':
      return text.includes(String(operandValue));
    case 'icontains':
      return text.toLowerCase().includes(String(operandValue).toLowerCase());
    case 'startswith':
      return text.startsWith(String(operandValue));
    case 'istartswith':
      return text.toLowerCase().startsWith(String(operandValue).toLowerCase());
    case 'endswith':
      return text.endsWith(String(operandValue));
    case 'iendswith':
      return text.toLowerCase().endsWith(String(operandValue).toLowerCase());
    case 'gt':
      return compare(v, comparable(operandValue, kind)!) > 0;
    case 'gte':
      return compare(v, comparable(operandValue, kind)!) >= 0;
    case 'lt':
      return compare(v, comparable(operandValue, kind)!) < 0;
    case 'lte':
      return compare(v, comparable(operandValue, kind)!) <= 0;
    case 'in':
      return (operandValue as unknown[]).some((x) => x !== null && compare(v, comparable(x, kind)!) === 0);
    case 'range': {
      const [lo, hi] = operandValue as unknown[];
      if (lo === null || hi === null) return false;
      return compare(v, comparable(lo, kind)!) >= 0 && compare(v, comparable(hi, kind)!) <= 0;
    }
  }
}

export function matches(o: Stored, filters: Filter[]): boolean {
  for (const flt of filters) {
    const kind = kindOf(flt.def);
    const raw = valueOf(o, flt.field, flt.def);
    if (flt.def.type === 'to_many') {
      // A many-to-many filter matches when any related object does (a SQL join).
      const ids = Array.isArray(raw) ? (raw as number[]) : [];
      if (flt.lookup === 'isnull') {
        if ((ids.length === 0) !== flt.value) return false;
        continue;
      }
      if (!ids.some((id) => test(id, flt.lookup, flt.value, kind))) return false;
      continue;
    }
    if (!test(comparable(raw, kind), flt.lookup, flt.value, kind)) return false;
  }
  return true;
}

export interface Ordering {
  field: string;
  def: FieldDef;
  descending: boolean;
}

/** Tastypie's apply_sorting: `order_by=field` / `order_by=-field`, repeatable. */
export function orderingOf(def: ResourceDef, q: QueryParams): Ordering[] {
  return allParams(q, 'order_by').map((arg) => {
    const first = arg.split('__')[0];
    const descending = first.startsWith('-');
    const field = descending ? first.slice(1) : first;
    const f = def.fields[field];
    if (!f || f.hidden) throw badRequest(`No matching '${field}' field for ordering on.`);
    if (!isOrderable(f)) throw badRequest(`The '${field}' field does not allow ordering.`);
    return { field, def: f, descending };
  });
}

/** PostgreSQL's order (Revel's database): NULL sorts after every value; ties keep id order. */
export function sortObjects(objs: Stored[], orderings: Ordering[]): Stored[] {
  const keyed = objs.map((o) => ({ o, keys: orderings.map((ord) => comparable(valueOf(o, ord.field, ord.def), kindOf(ord.def))) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < orderings.length; i++) {
      const x = a.keys[i];
      const y = b.keys[i];
      let c: number;
      if (x === null && y === null) c = 0;
      else if (x === null) c = 1;
      else if (y === null) c = -1;
      else c = compare(x, y);
      if (c !== 0) return orderings[i].descending ? -c : c;
    }
    return a.o.id - b.o.id;
  });
  return keyed.map((k) => k.o);
}

/** Revel's `fields=a,b`: only those fields of each object (unknown names are ignored). */
export function onlyFieldsOf(def: ResourceDef, q: QueryParams): Set<string> | null {
  const names = allParams(q, 'fields')
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter((n) => def.fields[n] && !def.fields[n].hidden);
  return names.length ? new Set(names) : null;
}

