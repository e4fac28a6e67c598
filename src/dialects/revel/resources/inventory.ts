import type { ResourceDef } from '../tastypie/types.ts';
import { decN, dec, fk, id, resourceUri, updated } from './field-kit.ts';

/**
 * /resources/Inventory/: the stock record of a product, as nested in the
 * ViewPurchaseOrderProduct sample (revel-2.79-changelog.txt). It is created with its
 * product (see product.ts), so it takes no POST and is removed with the product.
 */
export const Inventory: ResourceDef = {
  name: 'Inventory',
  namespace: 'resources',
  listMethods: ['GET'],
  detailMethods: ['GET', 'PUT', 'PATCH'],
  fields: {
    updated_date: updated(),
    product: fk('Product', { parent: true, readonly: true }),
    quantity_in_hand: decN(4),
    quantity_in_layaway: decN(4),
    cost: decN(4),
    threshold: dec(4, '0.0000'),
    id: id(),
    resource_uri: resourceUri(),
  },
};
