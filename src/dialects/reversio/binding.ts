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

type Bind = (value: unknown) => unknown;
const compiled = new WeakMap<object, Bind>();
const keep: Bind = (v) => v;

/** The alternatives of a schema that describe an object, or an array. */
function shapes(schema: JsonSchema): JsonSchema[] {
  const alternatives = schema.anyOf ?? schema.oneOf;
  return alternatives ? alternatives.flatMap(shapes) : [schema];
}

/** A binder for one schema, made once: the canonical name of each lower-cased name, and a binder per property. */
function compile(schema: JsonSchema): Bind {
  let bind = compiled.get(schema);
  if (bind) return bind;
  const alternatives = shapes(schema);
  const items = alternatives.find((s) => s.items)?.items;
  const properties = alternatives.find((s) => s.properties)?.properties;
  if (!items && !properties) bind = keep;
  else {
    // Filled lazily: a schema can refer to itself through its properties.
    let itemBind: Bind | undefined;
    let names: Map<string, { name: string; bind: Bind }> | undefined;
    bind = (value) => {
      if (value === null || typeof value !== 'object') return value;
      if (Array.isArray(value)) {
        if (!items) return value;
        itemBind ??= compile(items);
        return value.map(itemBind);
      }
      if (!properties) return value;
      names ??= new Map(Object.entries(properties).map(([k, p]) => [k.toLowerCase(), { name: k, bind: compile(p) }]));
      const out: Record<string, unknown> = {};
      for (const key in value as Record<string, unknown>) {
        // JSON.parse makes `__proto__` an own key; copied, it would set the prototype.
        if (key === '__proto__') continue;
        const v = (value as Record<string, unknown>)[key];
        const known = names.get(key.toLowerCase());
        if (known) out[known.name] = known.bind(v);
        else out[key] = v;
      }
      return out;
    };
  }
  compiled.set(schema, bind);
  return bind;
}

export function bindCaseInsensitive(value: unknown, schema: JsonSchema | undefined): unknown {
  return schema && value !== null && typeof value === 'object' ? compile(schema)(value) : value;
}

/** A decimal as clients send it: a JSON number, or a numeric string (PHP's `"5.0000"`). */
export function decimal(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'number' ? value : Number(value.trim());
}
