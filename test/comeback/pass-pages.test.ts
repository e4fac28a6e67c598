import QRCode from 'qrcode';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { BRUCE, demoSandbox, POINTS, PREFIX, type Client } from './helpers.ts';

/**
 * Issue 4: `androidDownloadUrl` / `appleDownloadUrl` (`passId` optional, else the first pass)
 * point at a pass page served by Understudy with the customer's name, points and a QR code of
 * its id; fetching it sets `androidDownloaded` / `appleDownloaded`.
 */
describe('comeback: pass pages', () => {
  const app = useTestApp({}, { listen: true });
  let org1: Client;
  let org2: Client;
  beforeEach(async () => {
    ({ org1, org2 } = await demoSandbox(app.t));
  });

  it('the URL is absolute, built from the host the request was sent to', async () => {
    const res = await org1.get(`/customers/${BRUCE}/androidDownloadUrl`, { host: 'loyalty.test:4010' });
    expect(res.status).toBe(200);
    expect(res.body.downloadUrl).toMatch(/^http:\/\/loyalty\.test:4010\/comeback\/v1\/passes\/[0-9a-f]{32}\/0e53f16f-88f5-4379-ab6d-b21213968d5c\/android$/);
    const apple = await org1.get(`/customers/${BRUCE}/appleDownloadUrl`, { host: 'loyalty.test:4010' });
    expect(apple.body.downloadUrl).toMatch(/\/apple$/);
  });

  it('over real HTTP: the page needs no token, shows name, level, points and a QR code, and marks the download', async () => {
    const sb = await demoSandbox(app.t);
    const urlRes = await fetch(`${app.url}${PREFIX}/customers/${BRUCE}/androidDownloadUrl`, { headers: { authorization: sb.token1 } });
    const { downloadUrl } = await urlRes.json();
    expect(downloadUrl.startsWith(`${app.url}${PREFIX}/passes/`)).toBe(true);
    const before = await (await fetch(`${app.url}${PREFIX}/customers/${BRUCE}`, { headers: { authorization: sb.token1 } })).json();
    expect(before.androidDownloaded).toBe(false);

    const page = await fetch(downloadUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('Bruce Wayne');
    expect(html).toContain('Gold');
    expect(html).toMatch(/<strong>50<\/strong> Burgers/);
    // The QR code's dark modules are those of a QR code of Bruce's id.
    const reference = await QRCode.toString(BRUCE, { type: 'svg', margin: 1 });
    const modules = /<path stroke="#000000" d="([^"]+)"/.exec(reference)![1];
    expect(html).toContain(modules);
    expect(html).toContain(`data-customer-id="${BRUCE}"`);

    const after = await (await fetch(`${app.url}${PREFIX}/customers/${BRUCE}`, { headers: { authorization: sb.token1 } })).json();
    expect(after.androidDownloaded).toBe(true);
    expect(after.appleDownloaded).toBe(true);
  });

  it('the apple page sets appleDownloaded for a new customer', async () => {
    const c = (await org1.post('/customers', { name: 'Harvey', surname: 'Dent', phoneNumber: '+34612121212' })).body;
    expect(c.appleDownloaded).toBe(false);
    const { downloadUrl } = (await org1.get(`/customers/${c.id}/appleDownloadUrl`)).body;
    // Asking for the headers only (a link preview) is not a download.
    expect((await app.t.call({ method: 'HEAD', url: new URL(downloadUrl).pathname })).status).toBe(200);
    expect((await org1.get(`/customers/${c.id}`)).body.appleDownloaded).toBe(false);
    const page = await app.t.call({ method: 'GET', url: new URL(downloadUrl).pathname });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Harvey Dent');
    const now = (await org1.get(`/customers/${c.id}`)).body;
    expect(now).toMatchObject({ appleDownloaded: true, androidDownloaded: false });
  });

  it('the page shows the points of the point types that allow its pass', async () => {
    await org1.post(`/customers/${BRUCE}/addPoints`, { addedPoints: 7, pointTypeId: POINTS });
    const { downloadUrl } = (await org1.get(`/customers/${BRUCE}/androidDownloadUrl?passId=${POINTS}`)).body;
    const html = (await app.t.call({ method: 'GET', url: new URL(downloadUrl).pathname })).text;
    expect(html).toMatch(/<strong>7<\/strong> Points/);
    expect(html).toMatch(/<strong>50<\/strong> Burgers/);
  });

  it('an unknown pass, customer or page is 404 and marks nothing', async () => {
    expect((await org1.get(`/customers/${BRUCE}/androidDownloadUrl?passId=no-such-pass`)).status).toBe(404);
    expect((await org1.get('/customers/00000000-0000-0000-0000-000000000000/appleDownloadUrl')).status).toBe(404);
    expect((await org2.get(`/customers/${BRUCE}/appleDownloadUrl`)).status).toBe(404);
    const { downloadUrl } = (await org1.get(`/customers/${BRUCE}/androidDownloadUrl`)).body;
    const path = new URL(downloadUrl).pathname;
    expect((await app.t.call({ method: 'GET', url: path.replace(/passes\/[0-9a-f]+/, 'passes/00000000000000000000000000000000') })).status).toBe(404);
    expect((await app.t.call({ method: 'GET', url: path.replace(/\/android$/, '/windows') })).status).toBe(400);
    expect((await app.t.call({ method: 'GET', url: path.replace(POINTS, 'other-pass') })).status).toBe(404);
    expect((await org1.get(`/customers/${BRUCE}`)).body.androidDownloaded).toBe(false);
  });
});
