import type { TestApp } from '../helpers/app.ts';

/** The self-care portal as a browser without JavaScript uses it: a page, its cookie, its forms. */
export interface PortalPage {
  status: number;
  body: string;
  cookie: string;
  csrf: string;
  /** The line ids that have a request form. */
  formLines: string[];
  action: string;
}

export async function openPortal(t: TestApp, url: string, cookie = ''): Promise<PortalPage> {
  const res = await t.app.inject({ method: 'GET', url: new URL(url, 'http://localhost').pathname + new URL(url, 'http://localhost').search, headers: cookie ? { cookie } : {} });
  const setCookie = [res.headers['set-cookie'] ?? []].flat()[0];
  return {
    status: res.statusCode,
    body: res.body,
    cookie: setCookie ? setCookie.split(';')[0] : cookie,
    csrf: /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? '',
    formLines: [...res.body.matchAll(/name="orderLineId" value="([^"]+)"/g)].map((m) => m[1]),
    action: /<form method="post" action="([^"]+)"/.exec(res.body)?.[1] ?? '',
  };
}

/** Sends a request form as the browser would; `fields` override the form's own. */
export async function submit(t: TestApp, page: PortalPage, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const form = new URLSearchParams({ _csrf: page.csrf, type: 'Return', reason: 'Defective', comment: '', ...fields });
  return t.app.inject({
    method: 'POST',
    url: page.action,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: page.cookie, ...headers },
    payload: form.toString(),
  });
}
