import type { ResourceDef } from '../tastypie/types.ts';
import { audit, bool, fk, id, int, required, resourceUri, str, strN, uuid } from './field-kit.ts';

/** /products/ProductCategory/ (FIDELITY.md namespaces): the Product sample's `category` (README, choices). */
export const ProductCategory: ResourceDef = {
  name: 'ProductCategory',
  namespace: 'products',
  fields: {
    name: required(255),
    description: str(''),
    sorting: int(0),
    active: bool(true),
    barcode: strN(),
    image: strN(),
    parent: fk('ProductCategory'),
    establishment: fk('Establishment', { required: true, null: false }),
    ...audit(),
    uuid: uuid(),
    id: id(),
    resource_uri: resourceUri(),
  },
};
