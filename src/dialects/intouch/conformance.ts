import type { Conformance } from '../../core/conformance.ts';

/** FIDELITY.md, InTouch: `401 {"message": "Unauthenticated."}`; Laravel's `{"message"}` for other errors. */
export const conformance: Conformance = {
  read: { method: 'GET', path: '/stores?username=user1' },
  write: { method: 'POST', path: '/stores/1/status', body: { status: 'offline' } },
  isRejection: (a) => a.status === 401 && a.body?.message === 'Unauthenticated.' && Object.keys(a.body).length === 1,
  isError: (a) => typeof a.body?.message === 'string' || (a.body?.error === 'The given data was invalid.' && a.body?.code === 0),
};
