import type { Tx } from '../../../core/db/engine.ts';

/**
 * The declarative shape of a Tastypie resource (FIDELITY.md, "Revel (Django Tastypie)").
 * A resource is one `ResourceDef`; the engine derives list, detail, create, replace,
 * update and delete, filtering, ordering, `fields`, the `meta` block and XML from it.
 */

/** The three URL namespaces of the Revel API. */
export type Namespace = 'resources' | 'enterprise' | 'products';

/** Scalar column types, as Django stores them and Tastypie renders them. */
export type ScalarType = 'integer' | 'float' | 'decimal' | 'string' | 'boolean' | 'datetime' | 'date' | 'time';

/** The query string of the request a representation is built for (e.g. Modifier `expand_printers`). */
export type QueryParams = Record<string, string | string[] | undefined>;

/** Which fields of a related object an embedded (full) representation shows. */
export interface Embed {
  /** Only these fields, in the related resource's order. */
  only?: readonly string[];
  /** All fields but these (the nested `timetable` carries no `resource_uri`). */
  omit?: readonly string[];
  /** Relations of the related object rendered as URIs here although they are full on its own endpoint. */
  flat?: readonly string[];
}

interface Common {
  /** `null` is a valid value (and the default when nothing else is). */
  null?: boolean;
  /** The value a POST gets when it does not send the field (a function is called per object). */
  default?: unknown;
  /** Rendered, never written (ignored in bodies). */
  readonly?: boolean;
  /** A POST must send it. */
  required?: boolean;
  /** Filterable through the query string (default: every stored, non-JSON field). */
  filter?: boolean;
  /** Usable in `order_by` (default: every scalar and to-one field). */
  order?: boolean;
  /** Stored and writable but never rendered (EMS ownership of a discount). */
  hidden?: boolean;
}

export interface ScalarField extends Common {
  type: ScalarType;
  /** Decimal places of a `decimal` (Django `decimal_places`); none: kept as written ("0"). */
  places?: number;
  maxLength?: number;
  /** Set by the server: creation time, time of every write, a new UUID. */
  auto?: 'created' | 'updated' | 'uuid';
  /** A datetime a POST may set, the creation time when it does not (`label_date`). */
  defaultNow?: boolean;
}

/** Any JSON value, stored as sent (`kds_tags: []`, `price_tier: {...}`). */
export interface JsonField extends Common {
  type: 'json';
}

/** A URI to a resource Understudy does not serve (kept as sent, not resolved). */
export interface UriField extends Common {
  type: 'uri';
}

export interface IdField extends Common {
  type: 'id';
}

export interface ResourceUriField extends Common {
  type: 'resource_uri';
}

/** Whether a relation is rendered in full, possibly decided by the query string. */
export type Full = boolean | ((query: QueryParams) => boolean);

/** A foreign key, rendered as the related resource URI (or the related object when `full`). */
export interface ToOneField extends Common {
  type: 'to_one';
  to: string;
  full?: Full;
  embed?: Embed;
  /**
   * The object belongs to the related one (Inventory → Product, a timetable row → its
   * Timetable): stored in an indexed column so that the parent's `reverse` field finds it.
   */
  parent?: boolean;
}

/** A many-to-many relation, rendered as a list of URIs (or objects when `full`). */
export interface ToManyField extends Common {
  type: 'to_many';
  to: string;
  full?: Full;
  embed?: Embed;
}

/** The objects of another resource whose `parent` field points here (always rendered in full). */
export interface ReverseField extends Common {
  type: 'reverse';
  to: string;
  many: boolean;
  embed?: Embed;
}

/** A read-only value derived from the stored object (the views of Product). */
export interface ComputedField extends Common {
  type: 'computed';
  compute: (stored: Stored) => unknown;
  /** How it is rendered in XML and what it filters like; default 'json'. */
  as?: ScalarType | 'json';
}

export type FieldDef = ScalarField | JsonField | UriField | IdField | ResourceUriField | ToOneField | ToManyField | ReverseField | ComputedField;

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a definition's rule hooks may do inside the write transaction. */
export interface HookContext {
  tx: Tx;
  sandboxId: string;
  nowMs: number;
  /** Creates an object of another resource from a representation (as a POST body would be). */
  create(resource: string, body: Record<string, unknown>, extra?: Partial<Stored>): Promise<Stored>;
  /** Deletes the stored objects of a resource whose parent is the given object. */
  deleteChildren(resource: string, parentResource: string, parentId: number): Promise<void>;
}

export interface ResourceHooks {
  /** After the object is stored (and in its transaction): objects that come with it. */
  afterCreate?(ctx: HookContext, created: Stored): Promise<void>;
  /** Before an update is stored; throw a RevelError to refuse it. */
  beforeUpdate?(ctx: HookContext, before: Stored, after: Stored): Promise<void>;
  /** After the object is deleted (and in its transaction). */
  afterDelete?(ctx: HookContext, deleted: Stored): Promise<void>;
  /**
   * Values a nested object created through one of this resource's full relations starts
   * with (a ProductGroupAction's menu belongs to the action's product group).
   */
  nestedDefaults?(field: string, owner: Stored): Record<string, unknown>;
}

export interface ResourceDef {
  /** The resource name of the URI (`Product` in `/resources/Product/`). */
  name: string;
  namespace: Namespace;
  /** Every field, in the order the vendor renders them. */
  fields: Record<string, FieldDef>;
  /** A read-only view over another resource's stored objects (ProductPurchase over Product). */
  source?: string;
  /** Methods on `/ns/Name/` and `/ns/Name/{id}/`; default GET+POST and GET+PUT+PATCH+DELETE. */
  listMethods?: readonly Method[];
  detailMethods?: readonly Method[];
  /** Served under its URI; false for objects only ever seen nested (timetable rows). */
  routed?: boolean;
  hooks?: ResourceHooks;
  /** Query parameters this resource reads itself (never taken for filters). */
  queryParams?: readonly string[];
  /** Answers its PUT and PATCH give besides the object, by status, for the OpenAPI document (its hooks refuse with them). */
  updateResponses?: Record<number, Record<string, unknown>>;
}

/**
 * An object as stored: scalars as rendered (decimals as their string), to-one relations as
 * the related id (or null), to-many relations as id arrays, `id` a number.
 */
export type Stored = Record<string, unknown> & { id: number };
