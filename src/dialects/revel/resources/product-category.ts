import type { ResourceDef } from '../tastypie/types.ts';
import { bool, created, fk, id, int, required, resourceUri, str, strN, updated, uuid, USER } from './field-kit.ts';

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
    created_by: USER(),
    created_date: created(),
    updated_by: USER(),
    updated_date: updated(),
    uuid: uuid(),
    id: id(),
    resource_uri: resourceUri(),
  },
};
