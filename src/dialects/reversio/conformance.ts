import type { Conformance } from '../../core/conformance.ts';

/** FIDELITY.md, Revers.io: APIM's `401 {"statusCode", "message"}` for credentials; the envelope for every other error. */
export const conformance: Conformance = {
  read: { method: 'GET', path: '/catalog/models/bySku/123456' },
  write: { method: 'PUT', path: '/catalog/brands', body: { name: 'Conformance brand' } },
  // A client first takes a JWT from `GET token` with its key and secret.
  async authenticate(c, call) {
    const key = { 'Ocp-Apim-Subscription-Key': c.subscriptionKey };
    const token = await call({ method: 'GET', path: '/token', headers: { ...key, 'Ocp-Apim-Secret-Value': c.secretValue } });
    return { headers: token.status === 200 ? { ...key, Authorization: `Bearer ${token.body.value}` } : key };
  },
  isRejection: (a) => a.status === 401 && a.body?.statusCode === 401 && typeof a.body?.message === 'string' && Object.keys(a.body).length === 2,
  // APIM's own answer for a path or method it has no operation for.
  isOtherError: (a) => a.body?.statusCode === a.status && typeof a.body?.message === 'string' && Object.keys(a.body).length === 2,
  isError: (a) => a.body?.failure === true && Array.isArray(a.body?.errors) && typeof a.body.errors[0]?.message === 'string' && 'isHandledError' in a.body,
};
