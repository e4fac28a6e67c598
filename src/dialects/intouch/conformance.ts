import type { Conformance } from '../../core/conformance.ts';

/**
 * FIDELITY.md, InTouch: `401 {"message": "Unauthenticated."}`; Laravel's `{"message"}` for other
 * errors, its 422 `{"error", "code": 0, "data": {field: [messages]}}`, and a refused login's
 * `401 {"error": "These credentials do not match our records.", "code": 0, "data": []}` (errors.ts).
 */
export const conformance: Conformance = {
  read: { method: 'GET', path: '/stores?username=user1' },
  write: { method: 'POST', path: '/stores/1/status', body: { status: 'offline' } },
  isRejection: (a) => a.status === 401 && a.body?.message === 'Unauthenticated.' && Object.keys(a.body).length === 1,
  isError: (a) =>
    typeof a.body?.message === 'string' ||
    (a.body?.error === 'The given data was invalid.' && a.body?.code === 0) ||
    (a.status === 401 && typeof a.body?.error === 'string' && a.body?.code === 0 && Array.isArray(a.body?.data) && a.body.data.length === 0),
};
