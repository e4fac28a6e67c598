import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';

/** Issue 12: `/_understudy/docs` shows every served OpenAPI document, from local files only. */
describe('GET /_understudy/docs', () => {
  const app = useTestApp();

  it('is an HTML page whose every script, stylesheet and icon is served by Understudy itself', async () => {
    const res = await app.t.call({ method: 'GET', url: '/_understudy/docs' });
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^text\/html/);
    const refs = [...res.text.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThanOrEqual(4);
    expect(res.text).not.toMatch(/https?:\/\//);
    for (const ref of refs) {
      expect(ref, ref).toMatch(/^\/_understudy\/docs\//);
      const asset = await app.t.call({ method: 'GET', url: ref });
      expect(asset.status, ref).toBe(200);
      expect(asset.text.length, ref).toBeGreaterThan(20);
    }
    const types = await Promise.all(refs.map(async (ref) => String((await app.t.call({ method: 'GET', url: ref })).headers['content-type'])));
    expect(types.some((t) => t.startsWith('text/css'))).toBe(true);
    expect(types.some((t) => t.startsWith('text/javascript'))).toBe(true);
  });

  it('offers every served document, each of which is served', async () => {
    const init = await app.t.call({ method: 'GET', url: '/_understudy/docs/init.js' });
    expect(init.status).toBe(200);
    const names = JSON.parse(/var names = (\[[^\]]*\])/.exec(init.text)![1]);
    expect(names).toEqual(['control', ...app.t.core.dialects.map((d) => d.name)]);
    expect(init.text).toContain("'/_understudy/openapi/' + n + '.json'");
    for (const n of names) expect((await app.t.call({ method: 'GET', url: `/_understudy/openapi/${n}.json` })).status, n).toBe(200);
  });

  it('serves no file of the package but its assets', async () => {
    for (const file of ['package.json', '..%2F..%2Fpackage.json', 'index.html', 'swagger-ui-bundle.js.map']) {
      const res = await app.t.call({ method: 'GET', url: `/_understudy/docs/assets/${file}` });
      expect(res.status, file).toBe(404);
      expect(res.body).toEqual({ error: expect.any(String) });
    }
  });
});
