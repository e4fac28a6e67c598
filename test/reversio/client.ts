import type { InjectOptions } from 'fastify';
import type { TestApp } from '../helpers/app.ts';

export const BASE = '/reversio/api/v1';

export interface ReversioClient {
  sandboxId: string;
  subscriptionKey: string;
  secretValue: string;
  /** `GET token` with the two headers (reversio.txt); the JWT of `value`. */
  token(key?: string, secret?: string): Promise<string>;
  /** The headers of an authenticated call: the subscription key and `Authorization: Bearer <jwt>`. */
  auth(): Promise<Record<string, string>>;
  call(method: InjectOptions['method'], path: string, headers?: Record<string, string>, payload?: unknown): ReturnType<TestApp['call']>;
  /** An authenticated call. */
  api(method: InjectOptions['method'], path: string, payload?: unknown, headers?: Record<string, string>): ReturnType<TestApp['call']>;
  control(method: InjectOptions['method'], path: string, payload?: unknown): ReturnType<TestApp['call']>;
}

/** A new sandbox (demo fixtures unless told otherwise) and a client for its Revers.io API. */
export async function reversioClient(t: TestApp, fixtures: 'demo' | 'empty' = 'demo'): Promise<ReversioClient> {
  const sb = await t.sandbox(fixtures);
  const { subscriptionKey, secretValue } = sb.credentials.reversio;
  const call: ReversioClient['call'] = (method, path, headers = {}, payload) =>
    t.call({ method, url: `${BASE}${path}`, headers, ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }) });
  let jwt: string | undefined;
  const client: ReversioClient = {
    sandboxId: sb.id,
    subscriptionKey,
    secretValue,
    call,
    async token(key = subscriptionKey, secret = secretValue) {
      const res = await call('GET', '/token', { 'Ocp-Apim-Subscription-Key': key, 'Ocp-Apim-Secret-Value': secret });
      if (res.status !== 200) throw new Error(`GET token failed: ${res.status} ${res.text}`);
      return res.body.value;
    },
    async auth() {
      jwt ??= await client.token();
      return { 'Ocp-Apim-Subscription-Key': subscriptionKey, Authorization: `Bearer ${jwt}` };
    },
    async api(method, path, payload, headers = {}) {
      return call(method, path, { ...(await client.auth()), ...headers }, payload);
    },
    control: (method, path, payload) => t.call({ method, url: `/_understudy/sandboxes/${sb.id}${path}`, ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }) }),
  };
  return client;
}

/** The document's model sample (reversio.txt "Create Model"). */
export const MODEL_SAMPLE = {
  label: 'Fairphone 3+ 64GB',
  sKU: '123456',
  brandName: 'Fairphone',
  modelTypeUniqueName: 'Smartphone',
  state: 'New',
  weight: 0.188,
  dimension: { lengthInCm: 16, widthInCm: 7, heightInCm: 1 },
};

/** The document's order sample, corrected: no trailing comma, no `TT`, a real e-mail address. */
export const ORDER_SAMPLE = {
  orderReference: 'ORDER-00001',
  customerLastName: 'Dumbledore',
  customerFirstName: 'Albus',
  address: { streetAddress: '79 quai de la Gare', zipCode: '75013', city: 'Paris', countryCode: 'FR', phone: '+33600000000' },
  phoneNumber: '+33600000000',
  customerMail: 'albus.dumbledore@hogwarts.example',
  purchaseDateUtc: '2021-06-01T14:46:28Z',
  products: [{ modelId: '10000000-5555-0000-0000-000000000001', price: { amount: 495, currency: 'EUR' }, orderLineReference: '0' }],
  shippingPrice: { amount: 4.3, currency: 'EUR' },
  salesChannel: 'Online Store',
};

export const DEMO_MODEL_ID = '10000000-5555-0000-0000-000000000001';
export const DEMO_ORDER_ID = '10000000-9999-0000-0000-000000000001';
