/**
 * An answer the vendor gives instead of the object: a status and its body exactly
 * (`undefined` for Tastypie's empty 401/404/405 bodies).
 */
export class RevelError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'object' && body !== null && 'error' in body ? String((body as { error: unknown }).error) : `HTTP ${status}`);
  }
}

/** Tastypie's `BadRequest`: `400 {"error": "..."}` (FIDELITY.md). */
export function badRequest(message: string): RevelError {
  return new RevelError(400, { error: message });
}

/** Field errors, keyed by resource name as Revel shows them (`{"DiscountCode": {"discount": [...]}}`). */
export function fieldErrors(resource: string, errors: Record<string, string[]>): RevelError {
  return new RevelError(400, { [resource]: errors });
}

/** Tastypie's `HttpNotFound`: a 404 with an empty body. */
export function notFound(): RevelError {
  return new RevelError(404, undefined);
}

/** Tastypie's `HttpMethodNotAllowed`: a 405 with an empty body and the allowed methods. */
export function methodNotAllowed(allowed: readonly string[]): RevelError {
  return new RevelError(405, undefined, { allow: allowed.join(',') });
}
