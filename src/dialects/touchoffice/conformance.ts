import type { Conformance } from '../../core/conformance.ts';

/** touchoffice-vouchers.txt and FIDELITY.md: `{"status": 0, "msg"}`, `"auth": "false"` on a bad TAK. */
export const conformance: Conformance = {
  read: { method: 'GET', path: '/vouchers/ABCDEF123' },
  write: { method: 'POST', path: '/vouchers', body: [{ type: 1, name: 'Conformance', value: 500 }] },
  isRejection: (a) => a.status === 200 && a.body?.status === 0 && typeof a.body.msg === 'string' && a.body.auth === 'false',
  isFailure: (a) => a.status >= 400 || a.body?.status === 0,
  isError: (a) => a.body?.status === 0 && typeof a.body.msg === 'string',
  formats: [{ query: 'format=xml', is: (a) => String(a.headers['content-type']).startsWith('application/xml') && /^<\?xml[^>]*>\s*<response>[\s\S]*<status>0<\/status>/.test(a.text) }],
};
