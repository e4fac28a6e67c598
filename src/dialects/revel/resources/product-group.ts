import type { ResourceDef } from '../tastypie/types.ts';
import { resourceUri as uriOf } from '../tastypie/uri.ts';
import { bool, children, created, fk, id, int, m2m, required, resourceUri, str, updated, USER } from './field-kit.ts';

/**
 * /resources/ProductGroup/ (revel-2.79-changelog.txt): its `actions` are nested in full, each
 * with its menu as `action_data`; a POST may carry `actions[].action_data`, which creates the
 * action and its menu (`doordash_marketplace_menu` included).
 */
export const ProductGroup: ResourceDef = {
  name: 'ProductGroup',
  namespace: 'resources',
  fields: {
    updated_date: updated(),
    sorting: int(0),
    updated_by: USER(),
    establishment: fk('Establishment', { required: true, null: false }),
    actions: children('ProductGroupAction'),
    id: id(),
    discounts: bool(false),
    products: m2m('Product'),
    created_by: USER(),
    created_date: created(),
    tax_rule: int(0),
    resource_uri: resourceUri(),
    active: bool(true),
    display: bool(false),
    name: required(255),
  },
};

/**
 * /resources/ProductGroupAction/: what a product group does; its `action_data` is the custom
 * menu, nested with the menu's product group as a URI. The sample shows no `id` and no
 * group: the group is kept (and filterable, `?product_group=9`) but not shown.
 */
export const ProductGroupAction: ResourceDef = {
  name: 'ProductGroupAction',
  namespace: 'resources',
  fields: {
    active: bool(true),
    action_data: fk('CustomMenu', { full: true, embed: { flat: ['product_group'] } }),
    action_type: str('CustomMenu', { maxLength: 64 }),
    resource_uri: resourceUri(),
    id: id({ hidden: true }),
    product_group: fk('ProductGroup', { parent: true, hidden: true, filter: true }),
  },
  hooks: {
    // A menu created through an action belongs to the action's product group.
    nestedDefaults(field, action) {
      if (field !== 'action_data' || typeof action.product_group !== 'number') return {};
      return { product_group: uriOf('resources', 'ProductGroup', action.product_group) };
    },
  },
};

