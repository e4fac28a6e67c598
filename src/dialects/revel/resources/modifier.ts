import type { QueryParams, ResourceDef } from '../tastypie/types.ts';
import { bool, created, dec, fk, float, floatN, id, int, intN, json, m2m, required, resourceUri, str, strN, updated, uuid, USER } from './field-kit.ts';

/**
 * Modifier `expand_printers` (revel-2.79-changelog.txt, "Modifier endpoint changes"): only a
 * case-insensitive `false` gives the printers as Device URIs; `true`, a missing parameter or
 * any unrecognised value gives the full Device objects.
 */
export function expandPrinters(query: QueryParams): boolean {
  const raw = query.expand_printers;
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  return !(typeof value === 'string' && value.trim().toLowerCase() === 'false');
}

/** /resources/Modifier/: every field of the sample, in its order. */
export const Modifier: ResourceDef = {
  name: 'Modifier',
  namespace: 'resources',
  queryParams: ['expand_printers'],
  fields: {
    sort: int(0),
    conv_ordering_disp: bool(true),
    kds_tags: json([]),
    kitchen_print_name: strN(),
    cost: dec(4, '0.0000'),
    created_by: USER(),
    is_conditional_mod: bool(false),
    id: id(),
    description: str(''),
    sku: str(''),
    uuid: uuid(),
    is_quick: bool(false),
    updated_by: USER(),
    substitutions: json([]),
    display_in_kiosk: bool(true),
    do_not_print: bool(false),
    printers: m2m('Device', { full: expandPrinters }),
    substitute_modifiers: bool(false),
    img_url: strN(),
    updated_date: updated(),
    color_code: int(0),
    deleted: bool(false),
    price: float(0),
    barcode: str(''),
    modifierClass: fk('ModifierClass'),
    active: bool(true),
    name: required(255),
    kitchen_description: str(''),
    display_online: bool(true),
    prep_recipe: bool(false),
    third_party_name: str(''),
    establishment: fk('Establishment', { required: true, null: false }),
    no_modifier_substitute: bool(false),
    prep_yield: floatN(),
    created_date: created(),
    is_hot: bool(false),
    conv_ordering_sort_order: intN(),
    track_recipe: bool(false),
    resource_uri: resourceUri(),
  },
};
