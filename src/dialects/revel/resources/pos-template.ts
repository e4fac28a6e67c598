import type { ResourceDef } from '../tastypie/types.ts';
import { bool, created, fk, id, int, required, resourceUri, str, updated, USER } from './field-kit.ts';

/** /resources/PosTemplate/: the Device sample's `printer_template` (README, choices). */
export const PosTemplate: ResourceDef = {
  name: 'PosTemplate',
  namespace: 'resources',
  fields: {
    name: required(255),
    type: int(0),
    template: str(''),
    active: bool(true),
    establishment: fk('Establishment'),
    created_by: USER(),
    created_date: created(),
    updated_by: USER(),
    updated_date: updated(),
    id: id(),
    resource_uri: resourceUri(),
  },
};
