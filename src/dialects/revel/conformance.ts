import type { Conformance } from '../../core/conformance.ts';

/** FIDELITY.md, Revel: a failed auth is 401 with an empty body; request errors are `{"error"}`. */
export const conformance: Conformance = {
  read: { method: 'GET', path: '/resources/Product/919/' },
  write: { method: 'POST', path: '/resources/Product/', body: { name: 'Conformance', establishment: '/enterprise/Establishment/1/', price: 1 } },
  isRejection: (a) => a.status === 401 && a.text === '',
  isError: (a) => typeof a.body?.error === 'string',
  formats: [{ query: 'format=xml', is: (a) => String(a.headers['content-type']).startsWith('application/xml') && /^<\?xml[^>]*>\s*<response>[\s\S]*<error>/.test(a.text) }],
};
