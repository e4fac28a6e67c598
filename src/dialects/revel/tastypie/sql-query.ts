import { sql, type RawBuilder } from 'kysely';
import type { Engine } from '../../../core/db/engine.ts';
import { kindOf, type Filter, type Kind, type Ordering } from './query.ts';
import { staticDefault } from './registry.ts';
import type { FieldDef } from './types.ts';

/**
 * Filters and orderings run by the database on the stored JSON, so that a filtered list of
 * 10,000 products reads only the matching page. Each engine spells JSON access its own way
 * (SQLite `json_extract`, PostgreSQL `->>` on the text cast to json); the semantics are the
 * ones of query.ts, which answers whatever cannot be said here.
 */

/** How SQL compares a field (as query.ts does); null for what it cannot reach here (JSON, computed values). */
function sqlKind(f: FieldDef): Kind | null {
  if (f.type === 'json' || f.type === 'computed' || f.type === 'reverse' || f.type === 'resource_uri') return null;
  return kindOf(f);
}

const TEXT_ONLY = new Set(['iexact', 'contains', 'icontains', 'startswith', 'istartswith', 'endswith', 'iendswith']);

/** Field names come from definitions, never from requests; still, only plain names are spliced in. */
function safeName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`revel: field name ${name} cannot be used in SQL`);
  return name;
}

export function canFilterInSql(flt: Filter): boolean {
  const kind = sqlKind(flt.def);
  if (!kind) return false;
  if (TEXT_ONLY.has(flt.lookup) && kind !== 'string') return false;
  if (flt.def.type === 'to_many' && !['exact', 'in', 'isnull', 'gt', 'gte', 'lt', 'lte', 'range'].includes(flt.lookup)) return false;
  return true;
}

export function canOrderInSql(ord: Ordering): boolean {
  return sqlKind(ord.def) !== null && ord.def.type !== 'to_many';
}

export class SqlQuery {
  constructor(private readonly engine: Engine) {}

  /** The stored value of a scalar field as an SQL expression of its kind. */
  private value(field: string, f: FieldDef): RawBuilder<unknown> {
    if (f.type === 'id') return sql`id`;
    const name = safeName(field);
    const kind = sqlKind(f);
    const dflt = staticDefault(f);
    let e: RawBuilder<unknown>;
    if (this.engine === 'sqlite') {
      const raw = sql`json_extract(data, ${sql.lit(`$.${name}`)})`;
      // Decimals are strings in the JSON: compared as numbers (FIDELITY.md, "decimals as strings").
      e = kind === 'number' ? sql`cast(${raw} as real)` : raw;
      if (dflt !== null) e = sql`coalesce(${e}, ${kind === 'boolean' ? (dflt ? 1 : 0) : dflt})`;
    } else {
      const raw = sql`(data::json ->> ${sql.lit(name)})`;
      e = kind === 'number' ? sql`cast(${raw} as numeric)` : kind === 'boolean' ? sql`cast(${raw} as boolean)` : raw;
      if (dflt !== null) e = sql`coalesce(${e}, ${dflt})`;
    }
    return e;
  }

  /** A bound operand of the field's kind. */
  private operand(kind: Kind, v: unknown): RawBuilder<unknown> {
    if (kind === 'boolean') return this.engine === 'sqlite' ? sql`${v ? 1 : 0}` : sql`${Boolean(v)}`;
    if (kind === 'number') return this.engine === 'sqlite' ? sql`${Number(v)}` : sql`cast(${String(v)} as numeric)`;
    return this.text(v);
  }

  /** A text parameter (typed for PostgreSQL, which cannot guess the type of `length($1)`). */
  private text(v: unknown): RawBuilder<unknown> {
    return this.engine === 'sqlite' ? sql`${String(v)}` : sql`cast(${String(v)} as text)`;
  }

  /** Byte-wise text order on both engines (PostgreSQL's default collation would ignore case), for values and operands alike. */
  private ordered(kind: Kind, e: RawBuilder<unknown>): RawBuilder<unknown> {
    return kind === 'string' && this.engine === 'postgres' ? sql`(${e} collate "C")` : e;
  }

  private compare(kind: Kind, e: RawBuilder<unknown>, op: string, v: unknown): RawBuilder<unknown> {
    return sql`${this.ordered(kind, e)} ${sql.raw(op)} ${this.ordered(kind, this.operand(kind, v))}`;
  }

  private test(kind: Kind, e: RawBuilder<unknown>, lookup: Filter['lookup'], v: unknown): RawBuilder<unknown> {
    const contains = (hay: RawBuilder<unknown>, needle: RawBuilder<unknown>) => (this.engine === 'sqlite' ? sql`instr(${hay}, ${needle}) > 0` : sql`strpos(${hay}, ${needle}) > 0`);
    const starts = (hay: RawBuilder<unknown>, needle: RawBuilder<unknown>) => sql`substr(${hay}, 1, length(${needle})) = ${needle}`;
    const ends = (hay: RawBuilder<unknown>, needle: RawBuilder<unknown>) =>
      sql`(length(${hay}) >= length(${needle}) and substr(${hay}, length(${hay}) - length(${needle}) + 1) = ${needle})`;
    const text = this.text(v);
    switch (lookup) {
      case 'isnull':
        return v ? sql`${e} is null` : sql`${e} is not null`;
      case 'exact':
        return v === null ? sql`${e} is null` : this.compare(kind, e, '=', v);
      case 'iexact':
        return sql`lower(${e}) = lower(${text})`;
      case 'contains':
        return contains(e, text);
      case 'icontains':
        return contains(sql`lower(${e})`, sql`lower(${text})`);
      case 'startswith':
        return starts(e, text);
      case 'istartswith':
        return starts(sql`lower(${e})`, sql`lower(${text})`);
      case 'endswith':
        return ends(e, text);
      case 'iendswith':
        return ends(sql`lower(${e})`, sql`lower(${text})`);
      case 'gt':
        return this.compare(kind, e, '>', v);
      case 'gte':
        return this.compare(kind, e, '>=', v);
      case 'lt':
        return this.compare(kind, e, '<', v);
      case 'lte':
        return this.compare(kind, e, '<=', v);
      case 'in': {
        const values = (v as unknown[]).filter((x) => x !== null);
        if (values.length === 0) return sql`1 = 0`;
        return sql`${this.ordered(kind, e)} in (${sql.join(values.map((x) => this.ordered(kind, this.operand(kind, x))))})`;
      }
      case 'range': {
        const [lo, hi] = v as unknown[];
        if (lo === null || hi === null) return sql`1 = 0`;
        return sql`(${this.compare(kind, e, '>=', lo)} and ${this.compare(kind, e, '<=', hi)})`;
      }
    }
  }

  /** One filter as a WHERE condition. */
  filter(flt: Filter): RawBuilder<unknown> {
    const kind = sqlKind(flt.def)!;
    if (flt.def.type === 'to_many') {
      const name = safeName(flt.field);
      const element = this.engine === 'sqlite' ? sql`cast(value as real)` : sql`cast(v as numeric)`;
      const from = this.engine === 'sqlite' ? sql`json_each(data, ${sql.lit(`$.${name}`)})` : sql`json_array_elements_text(coalesce(data::json -> ${sql.lit(name)}, '[]'::json)) as x(v)`;
      if (flt.lookup === 'isnull') return flt.value ? sql`not exists (select 1 from ${from})` : sql`exists (select 1 from ${from})`;
      return sql`exists (select 1 from ${from} where ${this.test('number', element, flt.lookup, flt.value)})`;
    }
    return this.test(kind, this.value(flt.field, flt.def), flt.lookup, flt.value);
  }

  where(filters: Filter[]): RawBuilder<unknown> {
    return filters.length ? sql.join(filters.map((f) => sql`(${this.filter(f)})`), sql` and `) : sql`1 = 1`;
  }

  /** ORDER BY terms with PostgreSQL's NULL placement on both engines (NULL after values ascending), then id. */
  orderBy(orderings: Ordering[]): RawBuilder<unknown> {
    const terms = orderings.flatMap((o) => {
      const e = this.ordered(sqlKind(o.def)!, this.value(o.field, o.def));
      const dir = sql.raw(o.descending ? 'desc' : 'asc');
      return [sql`(case when ${e} is null then 1 else 0 end) ${dir}`, sql`${e} ${dir}`];
    });
    terms.push(sql`id asc`);
    return sql.join(terms);
  }
}
