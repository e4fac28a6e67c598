import { emsForbidden } from '../tastypie/errors.ts';
import { RevelErrorBody } from '../openapi.ts';
import type { ResourceDef } from '../tastypie/types.ts';
import { deleteCodesOf } from '../discount-codes/store.ts';
import { isEmsCopy } from '../ems.ts';
import { audit, bool, dec, fk, id, int, intN, required, resourceUri, str, uuid } from './field-kit.ts';

/**
 * /resources/Discount/. The document shows no Discount sample; these are the fields of a
 * Revel discount (README, choices), `barcode` included. Rule (revel-2.79-changelog.txt,
 * "Discount Resource changes"): on the copy of an EMS-pushed discount, changing `barcode`
 * through PUT/PATCH is 403; every other field follows the normal rules.
 */
export const Discount: ResourceDef = {
  name: 'Discount',
  namespace: 'resources',
  fields: {
    name: required(255),
    description: str(''),
    barcode: str('', { maxLength: 255 }),
    // 0: amount, 1: percentage.
    type: int(0),
    value: dec(4, '0.0000'),
    // 0: the whole order, 1: one item.
    apply_type: int(0),
    active: bool(true),
    sorting: int(0),
    uuid: uuid(),
    establishment: fk('Establishment', { required: true, null: false }),
    ...audit(),
    id: id(),
    resource_uri: resourceUri(),
    ems_owner: intN({ hidden: true, readonly: true }),
    ems_origin: intN({ hidden: true, readonly: true }),
    ems_push_base: bool(false, { hidden: true, readonly: true }),
  },
  // The document's sample: `{"error": "This action is not supported on this establishment. Function managed by EMS"}`.
  updateResponses: { 403: { ...RevelErrorBody, description: 'A new barcode on the copy of a discount pushed from an EMS level (Function managed by EMS)' } },
  hooks: {
    async beforeUpdate(_ctx, before, after) {
      if (after.barcode !== before.barcode && isEmsCopy(before)) throw emsForbidden();
    },
    // A discount's codes and its pending EMS request go with it.
    async afterDelete(ctx, discount) {
      await deleteCodesOf(ctx.tx, ctx.sandboxId, discount.id);
    },
  },
};
