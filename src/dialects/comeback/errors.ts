/**
 * The errors of Comeback's API, by stable code; FIDELITY.md: `{"error": message}`, and the
 * status of each code below.
 */
export type ComebackCode = 'bad_request' | 'unauthorized' | 'not_found' | 'conflict';

const STATUS: Record<ComebackCode, 400 | 401 | 404 | 409> = { bad_request: 400, unauthorized: 401, not_found: 404, conflict: 409 };

export class ComebackError extends Error {
  constructor(
    readonly code: ComebackCode,
    message: string,
  ) {
    super(message);
  }

  get status(): 400 | 401 | 404 | 409 {
    return STATUS[this.code];
  }
}

/** Bad input, or a rule refused (not enough points, a deleted location …). */
export const badRequest = (message: string) => new ComebackError('bad_request', message);
/** An id in the path that the token's organization does not have. */
export const notFound = (message: string) => new ComebackError('not_found', message);
/** A phone number or email already used in the organization. */
export const conflict = (message: string) => new ComebackError('conflict', message);

export const errorBody = (message: string) => ({ error: message });
