import type {
  ComputedField,
  Embed,
  Full,
  IdField,
  JsonField,
  ResourceUriField,
  ReverseField,
  ScalarField,
  ToManyField,
  ToOneField,
  UriField,
} from '../tastypie/types.ts';

/**
 * Short spellings of the field kinds, so a resource definition reads like the vendor's
 * sample: `cost: dec(4, '0.0000')`, `category: fk('ProductCategory')`.
 */
type Opts = Partial<Pick<ScalarField, 'readonly' | 'required' | 'filter' | 'order' | 'hidden' | 'maxLength'>>;

export const id = (o: Partial<IdField> = {}): IdField => ({ type: 'id', readonly: true, ...o });
export const resourceUri = (): ResourceUriField => ({ type: 'resource_uri', readonly: true });

export const int = (dflt = 0, o: Opts = {}): ScalarField => ({ type: 'integer', default: dflt, ...o });
export const intN = (o: Opts = {}): ScalarField => ({ type: 'integer', null: true, default: null, ...o });
export const float = (dflt = 0, o: Opts = {}): ScalarField => ({ type: 'float', default: dflt, ...o });
export const floatN = (o: Opts = {}): ScalarField => ({ type: 'float', null: true, default: null, ...o });
/** A decimal with fixed places (`"0.0000"`); without places it keeps the digits as written (`"0"`). */
export const dec = (places: number | undefined, dflt: string, o: Opts = {}): ScalarField => ({ type: 'decimal', places, default: dflt, ...o });
export const decN = (places: number | undefined, o: Opts = {}): ScalarField => ({ type: 'decimal', places, null: true, default: null, ...o });
export const str = (dflt = '', o: Opts = {}): ScalarField => ({ type: 'string', default: dflt, ...o });
export const strN = (o: Opts = {}): ScalarField => ({ type: 'string', null: true, default: null, ...o });
export const required = (maxLength = 255): ScalarField => ({ type: 'string', required: true, maxLength });
export const bool = (dflt: boolean, o: Opts = {}): ScalarField => ({ type: 'boolean', default: dflt, ...o });
export const datetime = (o: Opts = {}): ScalarField => ({ type: 'datetime', null: true, default: null, ...o });
export const date = (o: Opts = {}): ScalarField => ({ type: 'date', null: true, default: null, ...o });
export const time = (o: Opts = {}): ScalarField => ({ type: 'time', null: true, default: null, ...o });
/** Django's auto_now_add / auto_now: set by the server from the sandbox clock. */
export const created = (): ScalarField => ({ type: 'datetime', auto: 'created', null: true, readonly: true });
export const updated = (): ScalarField => ({ type: 'datetime', auto: 'updated', null: true, readonly: true });
export const uuid = (): ScalarField => ({ type: 'string', auto: 'uuid' });
export const json = (dflt: unknown): JsonField => ({ type: 'json', default: dflt });
/** A URI to a resource Understudy does not serve (combo products, brands, taxes): kept as sent. */
export const uri = (): UriField => ({ type: 'uri', null: true, default: null });

export const fk = (to: string, o: Partial<Omit<ToOneField, 'type' | 'to'>> = {}): ToOneField => ({ type: 'to_one', to, null: true, default: null, ...o });
export const m2m = (to: string, o: { full?: Full; embed?: Embed } = {}): ToManyField => ({ type: 'to_many', to, default: [], ...o });
export const children = (to: string, o: { many?: boolean; embed?: Embed } = {}): ReverseField => ({ type: 'reverse', to, many: o.many ?? true, embed: o.embed });
export const computed = (compute: ComputedField['compute'], as?: ComputedField['as']): ComputedField => ({ type: 'computed', compute, as, readonly: true });

/** A `created_by`/`updated_by`: the User who did it. */
export const USER = () => fk('User');

/** Who created and last updated the object, and when: four fields nearly every Revel object carries, in this order. */
export const audit = () => ({ created_by: USER(), created_date: created(), updated_by: USER(), updated_date: updated() });
