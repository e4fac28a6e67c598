import type { Conformance } from '../../core/conformance.ts';

/** FIDELITY.md, Comeback: errors are `{"error": message}`; a missing or unknown token is 401. */
export const conformance: Conformance = {
  read: { method: 'GET', path: '/customers/33f9dc36-5e99-4044-8e2e-9b22c403c5f7' },
  write: { method: 'POST', path: '/customers', body: { name: 'Conformance', phoneNumber: '+34600111222' } },
  isRejection: (a) => a.status === 401 && Object.keys(a.body ?? {}).join() === 'error' && typeof a.body.error === 'string',
  isError: (a) => Object.keys(a.body ?? {}).join() === 'error' && typeof a.body.error === 'string',
};
