import type { ResourceDef } from '../tastypie/types.ts';
import { audit, bool, fk, id, int, required, resourceUri, str, uuid } from './field-kit.ts';

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
    ...audit(),
    uuid: uuid(),
    id: id(),
    resource_uri: resourceUri(),
  },
};
