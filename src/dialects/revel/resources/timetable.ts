import type { ResourceDef } from '../tastypie/types.ts';
import { bool, children, created, date, fk, id, int, resourceUri, time, updated, USER } from './field-kit.ts';

/**
 * A row of a timetable (`timetable_data` in the CustomMenu sample, revel-2.79-changelog.txt):
 * only ever seen nested, so it has no URI of its own and no route.
 */
export const TimetableData: ResourceDef = {
  name: 'TimetableData',
  namespace: 'resources',
  routed: false,
  fields: {
    updated_date: updated(),
    close_time: time(),
    updated_by: USER(),
    created_by: USER(),
    day_of_week: int(0),
    created_date: created(),
    timetable: fk('Timetable', { parent: true }),
    id: id(),
    open_time: time(),
  },
};

/** /resources/Timetable/: as nested in the CustomMenu sample, with its seven `timetable_data` rows. */
export const Timetable: ResourceDef = {
  name: 'Timetable',
  namespace: 'resources',
  fields: {
    updated_date: updated(),
    updated_by: USER(),
    type: int(0),
    timetable_data: children('TimetableData'),
    created_by: USER(),
    from_date: date(),
    to_date: date(),
    created_date: created(),
    active: bool(true),
    establishment: fk('Establishment'),
    id: id(),
    resource_uri: resourceUri(),
  },
};
