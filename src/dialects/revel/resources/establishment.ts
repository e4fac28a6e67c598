import type { ResourceDef } from '../tastypie/types.ts';
import { audit, bool, id, required, resourceUri, str, strN, uri, uuid } from './field-kit.ts';

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
    ...audit(),
    uuid: uuid(),
    id: id(),
    resource_uri: resourceUri(),
  },
};
