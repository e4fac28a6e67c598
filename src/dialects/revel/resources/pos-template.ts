import type { ResourceDef } from '../tastypie/types.ts';
import { audit, bool, fk, id, int, required, resourceUri, str } from './field-kit.ts';

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
    ...audit(),
    id: id(),
    resource_uri: resourceUri(),
  },
};
