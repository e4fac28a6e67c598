import type { ResourceDef } from '../tastypie/types.ts';
import { bool, created, fk, id, required, resourceUri, str, strN, updated, uri, uuid, USER } from './field-kit.ts';

/**
 * /enterprise/Establishment/: the locations every object belongs to. The API cannot create
 * them (the fixture bundle does, CONTRACT.md); it can read and edit them.
 */
export const Establishment: ResourceDef = {
  name: 'Establishment',
  namespace: 'enterprise',
  listMethods: ['GET'],
  detailMethods: ['GET', 'PUT', 'PATCH'],
  fields: {
    name: required(511),
    business_name: str(''),
    active: bool(true),
    address: uri(),
    brand_name: strN(),
    contact_name: strN(),
    email: strN(),
    phone: strN(),
    time_zone: str('UTC'),
    created_by: USER(),
    created_date: created(),
    updated_by: USER(),
    updated_date: updated(),
    uuid: uuid(),
    id: id(),
    resource_uri: resourceUri(),
  },
};
