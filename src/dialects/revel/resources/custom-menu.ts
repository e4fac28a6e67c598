import type { ResourceDef } from '../tastypie/types.ts';
import { bool, fk, floatN, id, int, json, resourceUri, updated } from './field-kit.ts';

/** The ProductGroup fields the CustomMenu sample nests, in that order. */
export const NESTED_PRODUCT_GROUP = ['updated_date', 'sorting', 'updated_by', 'created_by', 'name', 'created_date', 'active', 'establishment', 'id', 'resource_uri'] as const;

/**
 * /resources/CustomMenu/ (revel-2.79-changelog.txt, "CustomMenu, ProductGroup and
 * ProductGroupAction endpoint changes"): `doordash_marketplace_menu` defaults to false; the
 * timetable is nested (without its URI) and so is the product group (a subset of it).
 */
export const CustomMenu: ResourceDef = {
  name: 'CustomMenu',
  namespace: 'resources',
  fields: {
    updated_date: updated(),
    restricted_products: bool(false),
    stations: json([]),
    application_type: int(0),
    // A price tier is sent and shown as an object (the ProductGroupAction POST sample); kept as sent.
    price_tier: json(null),
    active: bool(true),
    third_party_price_upcharge: floatN(),
    mode: int(0),
    timetable: fk('Timetable', { full: true, embed: { omit: ['resource_uri'] } }),
    doordash_marketplace_menu: bool(false),
    product_group: fk('ProductGroup', { full: true, embed: { only: NESTED_PRODUCT_GROUP } }),
    id: id(),
    resource_uri: resourceUri(),
  },
};
