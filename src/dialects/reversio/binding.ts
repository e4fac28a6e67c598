/**
 * ASP.NET's model binding, as the Revers.io API does it (FIDELITY.md): JSON property names bind
 * case-insensitively, so `sKU`, `SKU` and `sku` are one field, and `eANs` is `eans`. The body is
 * rewritten to the route schema's own property names before validation, following the schema
 * into objects, arrays and unions; names the schema does not know are kept as sent (and ignored,
 * as the vendor ignores them).
 */
type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

const namesOf = new WeakMap<object, Map<string, string>>();

function canonicalNames(properties: Record<string, JsonSchema>): Map<string, string> {
  let names = namesOf.get(properties);
  if (!names) {
    names = new Map(Object.keys(properties).map((k) => [k.toLowerCase(), k]));
    namesOf.set(properties, names);
  }
  return names;
}

/** The alternatives of a schema that describe an object, or an array. */
function shapes(schema: JsonSchema): JsonSchema[] {
  const alternatives = schema.anyOf ?? schema.oneOf;
  return alternatives ? alternatives.flatMap(shapes) : [schema];
}

export function bindCaseInsensitive(value: unknown, schema: JsonSchema | undefined): unknown {
  if (!schema || value === null || typeof value !== 'object') return value;
  const alternatives = shapes(schema);
  if (Array.isArray(value)) {
    const items = alternatives.find((s) => s.items)?.items;
    return items ? value.map((v) => bindCaseInsensitive(v, items)) : value;
  }
  const properties = alternatives.find((s) => s.properties)?.properties;
  if (!properties) return value;
  const names = canonicalNames(properties);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const name = names.get(key.toLowerCase()) ?? key;
    out[name] = bindCaseInsensitive(v, properties[name]);
  }
  return out;
}

/** A decimal as clients send it: a JSON number, or a numeric string (PHP's `"5.0000"`). */
export function decimal(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'number' ? value : Number(value.trim());
}
