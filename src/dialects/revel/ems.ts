import type { Stored } from './tastypie/types.ts';

/**
 * EMS (Revel's enterprise management) ownership of discounts (revel-2.79-changelog.txt,
 * "Discount and DiscountCode endpoint changes"). A discount pushed from an EMS level is owned
 * by the base establishment of the original (top) level: the discount keeps that owner in its
 * hidden `ems_owner` (an establishment id), a pushed copy keeps its origin in `ems_origin`,
 * and a copy that was itself pushed on to a lower level is the base of that push
 * (`ems_push_base`). They are set through the fixture bundle: EMS pushes are not in the API.
 */
/** Managed from EMS at all. */
export function isEmsManaged(discount: Stored): boolean {
  return typeof discount.ems_owner === 'number';
}

/** Owned by another establishment: its barcode cannot be changed here ("Discount Resource changes"). */
export function isEmsCopy(discount: Stored): boolean {
  return isEmsManaged(discount) && discount.ems_owner !== discount.establishment;
}

/**
 * Its codes cannot be written here: "rejected with HTTP 403 Forbidden unless the establishment
 * of this discount is the base establishment of that EMS push or the base establishment of the
 * original/top EMS level".
 */
export function codesForbidden(discount: Stored): boolean {
  return isEmsCopy(discount) && discount.ems_push_base !== true;
}

/** The discount of a base establishment: its first code is processed asynchronously. */
export function isEmsBase(discount: Stored): boolean {
  return isEmsManaged(discount) && !codesForbidden(discount);
}
