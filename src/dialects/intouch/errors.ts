/**
 * InTouch's errors (Laravel's, FIDELITY.md), by stable code:
 * - `invalid`: `422 {"error": "The given data was invalid.", "code": 0, "data": {field: [messages]}}`
 * - `login_failed`: `401 {"error": message, "code": 0, "data": []}`
 * - `unauthenticated`: `401 {"message": "Unauthenticated."}`
 * - `not_found`: `404 {"message": …}` (Laravel's ModelNotFoundException)
 */
export type IntouchCode = 'invalid' | 'login_failed' | 'unauthenticated' | 'not_found';

export class IntouchError extends Error {
  constructor(
    readonly code: IntouchCode,
    message: string,
    /** `invalid`: the messages of each field. */
    readonly fields: Record<string, string[]> = {},
  ) {
    super(message);
  }
}

/** A 422 naming the field (Laravel's validation message for it). */
export const invalid = (field: string, message: string) => new IntouchError('invalid', message, { [field]: [message] });
export const invalidFields = (fields: Record<string, string[]>) => new IntouchError('invalid', Object.values(fields)[0]?.[0] ?? 'The given data was invalid.', fields);
export const loginFailed = () => new IntouchError('login_failed', 'These credentials do not match our records.');
export const notFound = (model: string, id: string | number) => new IntouchError('not_found', `No query results for model [App\\Models\\${model}] ${id}`);

/** Laravel's names of a field in its messages: `postalCode` → "postal code". */
export const attribute = (field: string) => field.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
export const required = (field: string) => invalid(field, `The ${attribute(field)} field is required.`);
