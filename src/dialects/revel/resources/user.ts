import type { ResourceDef } from '../tastypie/types.ts';
import { bool, datetime, fk, id, required, resourceUri, str } from './field-kit.ts';

/**
 * /enterprise/User/: the `created_by`/`updated_by` of every object. Created through the
 * fixture bundle (CONTRACT.md); the API reads and edits them. No password is ever shown.
 */
export const User: ResourceDef = {
  name: 'User',
  namespace: 'enterprise',
  listMethods: ['GET'],
  detailMethods: ['GET', 'PUT', 'PATCH'],
  fields: {
    username: required(150),
    first_name: str(''),
    last_name: str(''),
    email: str(''),
    is_active: bool(true),
    establishment: fk('Establishment'),
    date_joined: datetime(),
    last_login: datetime(),
    id: id(),
    resource_uri: resourceUri(),
  },
};
