import { describe, expect, it } from 'vitest';
import { ControlApiError, createControlClient } from 'understudy/client';
import { useTestApp } from '../helpers/app.ts';
import { DEMO_ORDER_ID, reversioClient } from '../reversio/client.ts';
import { openPortal, submit } from '../reversio/portal.ts';

/**
 * createControlClient's methods for the dialects' own control routes, over HTTP against a
 * listening server on the engine under test (a Revers.io file is opened through the self-care
 * portal, as a customer would).
 */
describe("understudy/client: the dialects' own control routes", () => {
  const app = useTestApp({}, { listen: true });
  const client = () => createControlClient(app.url);

  it('comeback.organizations: each organization with its tokens, levels and locations', async () => {
    const sb = await client().sandboxes.create({ fixtures: 'demo' });
    const organizations = await client().comeback.organizations(sb.id);
    expect(organizations.map((o) => o.name)).toEqual(['JOVELLANOS', 'T8 Tea Bar']);
    const [first] = organizations;
    expect(first.token).toBe(sb.credentials.comeback.token);
    expect(first.tokens).toContain(first.token);
    expect(first.levels[0]).toEqual({ name: 'Bronze', minPoints: 0 });
    expect(first.locationIds.length).toBeGreaterThan(0);
    // The second organization's token works too.
    const res = await fetch(`${app.url}/comeback/v1/customers`, { headers: { authorization: organizations[1].token! } });
    expect(res.status).toBe(200);
    const err = await client()
      .comeback.organizations('no-such-sandbox')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ControlApiError);
    expect(err).toMatchObject({ status: 404, body: { error: "sandbox 'no-such-sandbox' not found" } });
  });

  it('reversio.keys: the two key pairs, either of which gets a token', async () => {
    const sb = await client().sandboxes.create({ fixtures: 'demo' });
    const keys = await client().reversio.keys(sb.id);
    expect(keys.map((k) => k.name)).toEqual(['primary', 'secondary']);
    expect(keys[0]).toEqual({ name: 'primary', ...sb.credentials.reversio });
    for (const k of keys) {
      const res = await fetch(`${app.url}/reversio/api/v1/token`, { headers: { 'Ocp-Apim-Subscription-Key': k.subscriptionKey, 'Ocp-Apim-Secret-Value': k.secretValue } });
      expect(res.status, k.name).toBe(200);
    }
  });

  it('reversio.files and setFileStatus: a file opened in the portal, listed (by order), moved; a bad move is a ControlApiError', async () => {
    const c = await reversioClient(app.t);
    const link = (await c.api('POST', '/links', { orderId: DEMO_ORDER_ID })).body.value as string;
    const page = await openPortal(app.t, link);
    expect((await submit(app.t, page, { orderLineId: page.formLines[0] })).statusCode).toBe(303);

    const files = await client().reversio.files(c.sandboxId);
    expect(files).toHaveLength(1);
    const [file] = files;
    expect(file).toMatchObject({ orderReference: 'ORDER-00001', status: 'Created', type: 'Return', reason: 'Defective' });
    expect(await client().reversio.files(c.sandboxId, { orderReference: 'ORDER-00001' })).toEqual(files);
    expect(await client().reversio.files(c.sandboxId, { orderReference: 'NOPE' })).toEqual([]);

    const accepted = await client().reversio.setFileStatus(c.sandboxId, file.id, 'Accepted');
    expect(accepted).toMatchObject({ id: file.id, status: 'Accepted' });
    expect((await client().reversio.files(c.sandboxId))[0].status).toBe('Accepted');
    const err = (await client()
      .reversio.setFileStatus(c.sandboxId, file.id, 'Created')
      .catch((e: unknown) => e)) as ControlApiError;
    expect(err).toBeInstanceOf(ControlApiError);
    expect(err.status).toBe(409);
    expect((await client().reversio.setFileStatus(c.sandboxId, 'no-such-file', 'Accepted').catch((e: ControlApiError) => e.status))).toBe(404);
  });
});

