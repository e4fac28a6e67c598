import type { ResourceDef } from '../tastypie/types.ts';
import { bool, created, fk, id, int, required, resourceUri, str, updated, uuid, USER } from './field-kit.ts';

/**
 * /resources/ModifierClass/: the document only names it as the Modifier sample's
 * `modifierClass`; these are the fields of Revel's modifier class (README, choices).
 */
export const ModifierClass: ResourceDef = {
  name: 'ModifierClass',
  namespace: 'resources',
  fields: {
    name: required(255),
    description: str(''),
    sort: int(0),
    active: bool(true),
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
