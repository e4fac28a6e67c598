import type { Conformance } from '../../core/conformance.ts';

const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** FIDELITY.md, Revel: a failed auth is 401 with an empty body; request errors are `{"error"}`. */
export const conformance: Conformance = {
  read: { method: 'GET', path: '/resources/Product/919/' },
  write: { method: 'POST', path: '/resources/Product/', body: { name: 'Conformance', establishment: '/enterprise/Establishment/1/', price: 1 } },
  isRejection: (a) => a.status === 401 && a.text === '',
  isError: (a) => typeof a.body?.error === 'string',
  // Tastypie: per-field errors `{"Product": {"name": [...]}}` (also in XML), the empty 401/404/405,
  // and DiscountCode's `400 {}` for a PUT/PATCH that changes nothing (revel-2.79-changelog.txt).
  isOtherError: (a) =>
    (a.text === '' && [401, 404, 405].includes(a.status)) ||
    (a.status === 400 && /^<\?xml[^>]*>\s*(<response\s*\/>|<response>(<[A-Za-z]+ type="hash">|\s*<\/response>))/.test(a.text)) ||
    (a.status === 400 && isObject(a.body) && Object.keys(a.body).length <= 1 && Object.values(a.body).every(isObject)),
  formats: [{ query: 'format=xml', is: (a) => String(a.headers['content-type']).startsWith('application/xml') && /^<\?xml[^>]*>\s*<response>[\s\S]*<error>/.test(a.text) }],
};
