/**
 * Revel's errors, by stable code (moto's exceptions.py): each named constructor below is one
 * way the vendor refuses a request, and `STATUS` is the HTTP status the protocol answers it
 * with. The body is the vendor's exactly (`undefined` for Tastypie's empty 401/404/405 bodies).
 */
export type RevelCode = 'bad_request' | 'field_errors' | 'rejected' | 'ems_forbidden' | 'permission_denied' | 'not_found' | 'method_not_allowed';

export const STATUS: Record<RevelCode, number> = {
  bad_request: 400,
  field_errors: 400,
  rejected: 400,
  ems_forbidden: 403,
  permission_denied: 403,
  not_found: 404,
  method_not_allowed: 405,
};

export class RevelError extends Error {
  constructor(
    readonly code: RevelCode,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'object' && body !== null && 'error' in body ? String((body as { error: unknown }).error) : code);
  }

  get status(): number {
    return STATUS[this.code];
  }
}

/** Tastypie's `BadRequest`: `400 {"error": "..."}` (FIDELITY.md). */
export function badRequest(message: string): RevelError {
  return new RevelError('bad_request', { error: message });
}

/** Field errors, keyed by resource name as Revel shows them (`{"DiscountCode": {"discount": [...]}}`). */
export function fieldErrors(resource: string, errors: Record<string, string[]>): RevelError {
  return new RevelError('field_errors', { [resource]: errors });
}

/** The discount code service's refusal of a PUT/PATCH: `400 {}` (the document's sample). */
export function rejected(): RevelError {
  return new RevelError('rejected', {});
}

/** revel-2.79-changelog.txt: a change an EMS-managed discount refuses. */
export function emsForbidden(): RevelError {
  return new RevelError('ems_forbidden', { error: 'This action is not supported on this establishment. Function managed by EMS' });
}

export function permissionDenied(message: string): RevelError {
  return new RevelError('permission_denied', { error: message });
}

/** Tastypie's `HttpNotFound`: a 404 with an empty body. */
export function notFound(): RevelError {
  return new RevelError('not_found', undefined);
}

/** Tastypie's `HttpMethodNotAllowed`: a 405 with an empty body and the allowed methods. */
export function methodNotAllowed(allowed: readonly string[]): RevelError {
  return new RevelError('method_not_allowed', undefined, { allow: allowed.join(',') });
}
