import { isFilterable, isStoredField, type Registry } from './registry.ts';
import type { FieldDef, ResourceDef } from './types.ts';

/**
 * JSON Schemas of a resource, derived from its definition, for the OpenAPI document
 * (`/_understudy/openapi/revel.json`). They document; the engine validates (with Tastypie's
 * messages), so routes carry them with a validator that accepts everything.
 */

type Schema = Record<string, unknown>;

const nullable = (s: Schema, f: FieldDef): Schema => (f.null ? { anyOf: [s, { type: 'null' }] } : s);

function fieldSchema(registry: Registry, f: FieldDef): Schema {
  switch (f.type) {
    case 'id':
      return { type: 'integer', readOnly: true };
    case 'resource_uri':
      return { type: 'string', readOnly: true, description: 'the URI of the object, e.g. /resources/Product/919/' };
    case 'integer':
      return nullable({ type: 'integer' }, f);
    case 'float':
      return nullable({ type: 'number' }, f);
    case 'decimal':
      return nullable({ type: 'string', pattern: '^-?\\d+(\\.\\d+)?$', description: f.places !== undefined ? `a decimal with ${f.places} places` : 'a decimal' }, f);
    case 'boolean':
      return nullable({ type: 'boolean' }, f);
    case 'string':
      return nullable({ type: 'string', ...(f.maxLength ? { maxLength: f.maxLength } : {}) }, f);
    case 'datetime':
      return nullable({ type: 'string', description: 'a naive datetime, 2015-06-01T11:15:39.174838' }, f);
    case 'date':
      return nullable({ type: 'string', description: 'YYYY-MM-DD' }, f);
    case 'time':
      return nullable({ type: 'string', description: 'HH:MM:SS' }, f);
    case 'uri':
      return nullable({ type: 'string', description: 'a resource URI' }, f);
    case 'json':
      return {};
    case 'computed':
      return { readOnly: true };
    case 'to_one':
      return nullable({ anyOf: [{ type: 'string', description: `a ${f.to} URI, ${uriExample(registry, f.to)}` }, { type: 'object', description: `a ${f.to}` }] }, f);
    case 'to_many':
      return { type: 'array', items: { anyOf: [{ type: 'string', description: `a ${f.to} URI` }, { type: 'object' }] } };
    case 'reverse':
      return f.many ? { type: 'array', items: { type: 'object', description: `a ${f.to}` } } : { anyOf: [{ type: 'object', description: `a ${f.to}` }, { type: 'null' }] };
  }
}

function uriExample(registry: Registry, name: string): string {
  return `/${registry.get(name).namespace}/${name}/1/`;
}

export function objectSchema(registry: Registry, def: ResourceDef): Schema {
  const properties: Record<string, Schema> = {};
  for (const [name, f] of Object.entries(def.fields)) if (!f.hidden) properties[name] = fieldSchema(registry, f);
  return { type: 'object', properties };
}

export function listSchema(registry: Registry, def: ResourceDef): Schema {
  return {
    type: 'object',
    properties: {
      meta: {
        type: 'object',
        properties: {
          limit: { type: 'integer' },
          next: { type: ['string', 'null'] },
          offset: { type: 'integer' },
          previous: { type: ['string', 'null'] },
          total_count: { type: 'integer' },
        },
      },
      objects: { type: 'array', items: objectSchema(registry, def) },
    },
  };
}

export function querySchema(def: ResourceDef): Schema {
  const properties: Record<string, Schema> = {
    limit: { type: 'integer', description: 'page size, default 20, at most 1000 (0 = 1000)' },
    offset: { type: 'integer' },
    order_by: { type: 'string', description: 'field or -field; repeatable' },
    fields: { type: 'string', description: 'comma-separated fields to return' },
    format: { type: 'string', enum: ['json', 'xml'] },
  };
  for (const q of def.queryParams ?? []) properties[q] = { type: 'string' };
  for (const [name, f] of Object.entries(def.fields)) {
    if (isFilterable(f) && !f.hidden) properties[name] = { type: 'string', description: `filter; lookups: ${name}__exact, __iexact, __contains, __icontains, __in, __gt, __gte, __lt, __lte, __startswith, __istartswith, __endswith, __iendswith, __range, __isnull` };
  }
  return { type: 'object', properties };
}

export function bodySchema(registry: Registry, def: ResourceDef): Schema {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const [name, f] of Object.entries(def.fields)) {
    if (f.readonly || f.hidden || (!isStoredField(f) && f.type !== 'reverse')) continue;
    if ('auto' in f && f.auto && f.auto !== 'uuid') continue;
    properties[name] = fieldSchema(registry, f);
    if (f.required) required.push(name);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}
