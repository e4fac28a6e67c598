import type { TestApp } from '../helpers/app.ts';

/** Ids of the demo fixtures (issue 4, "Demo fixtures"; comeback.txt samples). */
export const ORG_1 = '1321a1e9-e310-488a-9c6c-ed8203053bb7';
export const ORG_2 = '4de9cd38-17ee-457c-9fff-bf4884a1a767';
export const JOVELLANOS = '0e75756b-bf8b-41e0-9162-a87e3f19e771';
export const T8 = '0e53f16f-88f5-4379-ab6d-b21213968d5c';
export const POINTS = '0e53f16f-88f5-4379-ab6d-b21213968d5c';
export const EL_TENEDOR = '28afe959-6204-4169-b5ba-fc90f15aad43';
export const BRUCE = '33f9dc36-5e99-4044-8e2e-9b22c403c5f7';
export const PREFIX = '/comeback/v1';

export type Res = { status: number; body: any; text: string; headers: Record<string, unknown> };

/** A Comeback client over `inject`, sending `Authorization: <token>` as the document says. */
export function client(t: TestApp, token: string) {
  const send = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, payload?: unknown, headers: Record<string, string> = {}): Promise<Res> =>
    t.call({ method, url: `${PREFIX}${path}`, headers: { authorization: token, ...headers }, payload: payload as never });
  return {
    get: (path: string, headers?: Record<string, string>) => send('GET', path, undefined, headers),
    post: (path: string, body: unknown) => send('POST', path, body),
    put: (path: string, body: unknown) => send('PUT', path, body),
    del: (path: string) => send('DELETE', path),
  };
}

export type Client = ReturnType<typeof client>;

/** A demo-fixture sandbox with a client per organization (the second token comes from the control API). */
export async function demoSandbox(t: TestApp) {
  const sb = await t.sandbox('demo');
  const orgs = await t.call({ method: 'GET', url: `/_understudy/sandboxes/${sb.id}/comeback/organizations` });
  const token2 = orgs.body.organizations.find((o: { id: string }) => o.id === ORG_2).token as string;
  return { id: sb.id, token1: sb.credentials.comeback.token as string, token2, org1: client(t, sb.credentials.comeback.token), org2: client(t, token2) };
}

export async function setClock(t: TestApp, sandboxId: string, body: { now?: string; advanceSeconds?: number; frozen?: boolean }) {
  const res = await t.call({ method: 'PUT', url: `/_understudy/sandboxes/${sandboxId}/clock`, payload: body });
  if (res.status !== 200) throw new Error(`clock: ${res.status} ${res.text}`);
  return res.body;
}

export const DAY = 86_400;

/** The Burgers balance (or any point type's) of a customer object; 0 when absent. */
export function pointsOf(customer: { points: Array<{ amount: number; pointTypeName: string; pointTypeId: string }> }, nameOrId: string): number {
  return customer.points.find((p) => p.pointTypeName === nameOrId || p.pointTypeId === nameOrId)?.amount ?? 0;
}
