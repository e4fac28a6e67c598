import type { TestApp } from '../helpers/app.ts';
import { until } from '../helpers/receiver.ts';
import { SAMPLES as REVEL } from '../revel/revel-client.ts';
import { DEMO_MODEL_ID, DEMO_ORDER_ID, MODEL_SAMPLE, ORDER_SAMPLE } from '../reversio/client.ts';
import { openPortal, submit } from '../reversio/portal.ts';
import { BRUCE, EL_TENEDOR, JOVELLANOS, POINTS } from '../comeback/helpers.ts';
import { JORDI } from '../intouch/client.ts';

/**
 * A successful request for every operation of every served OpenAPI document, by document and
 * operationId, for the truth test (openapi-truth.test.ts): path values, query, body and headers,
 * and the setup some need first (a snapshot before its restore, a delivery before its retry, an
 * order before its links). The bodies are the vendor documents' own sample requests where they
 * have one (test/revel/document-samples.json, the samples of test/<dialect>/document-samples.test.ts),
 * else the demo fixtures' objects. An operation without an entry is sent with the demo's known
 * path values and no body (or `{}` when it takes one).
 */

type Json = Record<string, any>;

export interface SampleContext {
  t: TestApp;
  sandboxId: string;
  credentials: Json;
  /** The URL of a real local webhook receiver (test/helpers/receiver.ts). */
  receiver: string;
}

export interface Sample {
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** A JSON body. */
  body?: unknown;
  /** Form fields, sent `application/x-www-form-urlencoded`. */
  form?: Record<string, string>;
  /** A JSON body sent as it is written (the document's numbers beyond 2^53). */
  raw?: string;
  headers?: Record<string, string>;
}

/** A sample, or the setup that makes one. */
export type SampleOf = Sample | ((c: SampleContext) => Promise<Sample>);

/** An error answer a document gives that the truth test must see for real (its status, then its body against the schema). */
export interface ErrorSample {
  what: string;
  status: number;
  sample: SampleOf;
}

const json = (text: string) => (text ? JSON.parse(text) : undefined);

/** A request to a dialect with the sandbox's credentials; fails unless it answers 2xx. */
async function send(c: SampleContext, method: string, url: string, headers: Record<string, string>, payload?: unknown) {
  const res = await c.t.app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload: payload as string }) });
  if (res.statusCode >= 300) throw new Error(`sample setup: ${method} ${url} answered ${res.statusCode} ${res.body.slice(0, 200)}`);
  return json(res.body);
}

const control = (c: SampleContext, method: string, path: string, body?: unknown) => send(c, method, `/_understudy/sandboxes/${c.sandboxId}${path}`, {}, body);
const revel = (c: SampleContext, method: string, path: string, body?: unknown) =>
  send(c, method, `/revel${path}`, { 'API-AUTHENTICATION': `${c.credentials.revel.apiKey}:${c.credentials.revel.apiSecret}` }, body);
const comeback = (c: SampleContext, method: string, path: string, body?: unknown) => send(c, method, `/comeback/v1${path}`, { Authorization: c.credentials.comeback.token }, body);
async function reversio(c: SampleContext, method: string, path: string, body?: unknown) {
  const key = { 'Ocp-Apim-Subscription-Key': c.credentials.reversio.subscriptionKey };
  const token = await send(c, 'GET', '/reversio/api/v1/token', { ...key, 'Ocp-Apim-Secret-Value': c.credentials.reversio.secretValue });
  return send(c, method, `/reversio/api/v1${path}`, { ...key, Authorization: `Bearer ${token.value}` }, body);
}
/** A customer token of Jordi, the demo's InTouch customer (a new login: a reset forgets tokens). */
async function intouchLogin(c: SampleContext): Promise<string> {
  return (await send(c, 'POST', '/intouch/api/v1/customer/login', { account: c.credentials.intouch.account }, JORDI)).data.api_token;
}
const intouchCustomer = async (c: SampleContext, method: string, path: string, payload?: unknown, headers: Record<string, string> = {}) =>
  send(c, method, `/intouch/api/v1${path}`, { account: c.credentials.intouch.account, Authorization: `Bearer ${await intouchLogin(c)}`, ...headers }, payload);

/** The smallest JPEG header the photo check accepts (test/intouch/document-samples.test.ts). */
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]).toString('base64');

/** revo-intouch.txt "Create an order": the sample's second line alone (no points), its order totals. */
const INTOUCH_ORDER = {
  order: JSON.stringify({ subtotal: 1673, id: null, total: 1840, taxAmount: 167 }),
  contents: JSON.stringify([{ product_id: 3, quantity: 1, id: null, subtotal: 1673, price: 1840, tax: 1000, pointsSpent: null, total: 1840, taxAmount: 167, modifiers: [{ name: 'topping 1', price: 500 }, { name: 'topping 2', price: 0 }] }]),
  delivery: JSON.stringify({ address: 'Central perk, 12', city: 'New York', phone: '555-555-555', time: '12:30', geolocation: '41.5500976,2.0964411' }),
  store: '1',
};

const ESTABLISHMENT = '/enterprise/Establishment/1/';
/** A ProductGroupAction of its own (the demo has none): the document's POST body. */
async function productGroupAction(c: SampleContext): Promise<Sample> {
  // Its `id` is not shown (the document's sample): the id is the last part of its resource_uri.
  const uri: string = (await revel(c, 'POST', '/resources/ProductGroupAction/', REVEL['ProductGroupAction POST body'])).resource_uri;
  return { params: { id: uri.split('/').at(-2)! } };
}

export const SAMPLES: Record<string, Record<string, SampleOf>> = {
  control: {
    postSandboxes: { body: { fixtures: 'empty' } },
    postSandboxesByIdSnapshots: { body: { name: 'truth' } },
    postSandboxesByIdSnapshotsByNameRestore: async (c) => {
      await control(c, 'POST', '/snapshots', { name: 'truth-restore' });
      return { params: { name: 'truth-restore' } };
    },
    putSandboxesByIdClock: { body: { advanceSeconds: 1 } },
    putSandboxesByIdFaults: { body: { rules: [] } },
    putSandboxesByIdWebhooksByDialect: (c) => Promise.resolve({ params: { dialect: 'comeback' }, body: { url: c.receiver } }),
    // A Comeback customer created with a webhook set: one delivery to the receiver.
    postSandboxesByIdDeliveriesByDeliveryIdRetry: async (c) => {
      await control(c, 'PUT', '/webhooks/comeback', { url: c.receiver });
      await comeback(c, 'POST', '/customers', { name: 'Selina', surname: 'Kyle', phoneNumber: '+34677777777' });
      const delivery = await until('a delivery', async () => (await control(c, 'GET', '/deliveries')).deliveries[0]);
      return { params: { deliveryId: String(delivery.id) } };
    },
    postSandboxesByIdFixturesByDialect: { params: { dialect: 'touchoffice' }, body: { sites: [{ id: 77, name: 'Truth site' }] } },
    getSandboxesBySandboxIdIntouchPhotosByName: async (c) => ({ params: { name: (await intouchCustomer(c, 'POST', '/customer/uploadProfilePhoto', { Photo: JPEG })).data.photoName } }),
    // A file opened on the self-care portal of the demo order.
    putSandboxesBySandboxIdReversioFilesByFileId: async (c) => {
      const link = (await reversio(c, 'POST', '/links', { orderId: DEMO_ORDER_ID })).value as string;
      const page = await openPortal(c.t, link);
      const sent = await submit(c.t, page, { orderLineId: page.formLines[0] });
      if (sent.statusCode !== 303) throw new Error(`sample setup: the portal form answered ${sent.statusCode}`);
      const files = (await control(c, 'GET', '/reversio/files')).files;
      return { params: { fileId: files[0].id }, body: { status: 'Accepted' } };
    },
  },
  touchoffice: {
    postVouchers: { body: [{ site: 0, number: 'TRUTH123', type: 1, name: '£15 off voucher', desc: 'Test Desc', startdate: '2016-12-08 00:00:00', enddate: '2017-12-08 00:00:00', value: 1500, flag: 0, maxuses: 0, active: true }] },
    patchVouchersByNumber: { body: { name: '£15 off voucher' } },
    // The sample vouchers ran until 2017-12-08: the sandbox clock inside their window first.
    postVoucherTransactions: async (c) => {
      await control(c, 'PUT', '/clock', { now: '2017-06-01T12:00:00Z' });
      return { raw: '{ "site": 1, "saleID": 123456789023413153, "voucherNumber": "ABCDEF123", "datetime": "2018-04-23 12:31:00", "amount": 1000 }' };
    },
  },
  revel: {
    postResourcesProduct: { body: REVEL['Product POST body'] },
    postResourcesModifier: { body: { name: 'Truth topping', establishment: ESTABLISHMENT, price: 1.5 } },
    postResourcesModifierClass: { body: { name: 'Truth toppings', establishment: ESTABLISHMENT } },
    postResourcesDevice: { body: { name: 'Truth printer', establishment: ESTABLISHMENT } },
    postResourcesPosTemplate: { body: { name: 'Truth template', establishment: ESTABLISHMENT } },
    postResourcesDiscount: { body: { name: 'Truth discount', establishment: ESTABLISHMENT, type: 1, value: '10.0000' } },
    postResourcesProductGroup: { body: REVEL['ProductGroup POST body'] },
    postResourcesProductGroupAction: { body: REVEL['ProductGroupAction POST body'] },
    getResourcesProductGroupActionById: productGroupAction,
    putResourcesProductGroupActionById: async (c) => ({ ...(await productGroupAction(c)), body: REVEL['ProductGroupAction POST body'] }),
    patchResourcesProductGroupActionById: async (c) => ({ ...(await productGroupAction(c)), body: { active: false } }),
    deleteResourcesProductGroupActionById: productGroupAction,
    postProductsProductCategory: { body: { name: 'Truth category', establishment: ESTABLISHMENT } },
    getResourcesDiscountCode: { query: { discount_id: '141', limit: '2' } },
    postResourcesDiscountCode: { body: REVEL['DiscountCode POST body'] },
    getResourcesDiscountCodeById: { params: { id: '102021' } },
    putResourcesDiscountCodeById: { params: { id: '102021' }, body: REVEL['DiscountCode PUT/PATCH body'] },
    // The PUT above set 102021's flags to the body's: a PATCH setting a flag to its value is 400, so the other sample code.
    patchResourcesDiscountCodeById: { params: { id: '402080' }, body: { ...REVEL['DiscountCode PUT/PATCH body'], code: '2. .3. .', discount: '/resources/Discount/141/', id: 402080, resource_uri: '/resources/DiscountCode/402080/' } },
  },
  comeback: {
    postPromotions: {
      body: { name: '50% off all products', description: 'Get 50% off on all products on your 10th visit', pointTypeId: POINTS, pointsExpense: 9, discountType: 'percentage', discountAmount: 50 },
    },
    postCustomers: { body: { name: 'Bruce', surname: 'Wayne', phoneNumber: '+34666666667', email: 'bruce.wayne2@example.com', source: 'MyWebsite', marketingCommunication: true, birthDate: '1990-01-01' } },
    getLocationByLocationIdCustomerByIdentifier: { params: { locationId: JOVELLANOS, identifier: '+34666666666' } },
    putCustomersByCustomerIdAddPoints: { params: { customerId: BRUCE }, body: { addedPoints: 10, pointTypeId: POINTS } },
    postCustomersByCustomerIdAddPoints: { params: { customerId: BRUCE }, body: { addedPoints: 10, pointTypeId: POINTS } },
    postOrders: {
      body: {
        externalId: 'h230he02',
        amount: 2950,
        products: [{ name: 'Burger', quantity: 1, organizationProductExternalId: 'eygh2hgnd', orderProductExternalId: '023hhe203h', price: 3000 }],
        locationId: JOVELLANOS,
        customerId: BRUCE,
        promotionsApplied: [{ id: EL_TENEDOR }],
        discountAmount: 50,
      },
    },
    // The pass page a download URL points at.
    getPassesByPassCodeByPassIdByPlatform: async (c) => {
      const { downloadUrl } = await comeback(c, 'GET', `/customers/${BRUCE}/androidDownloadUrl?passId=${POINTS}`);
      const [passCode, passId, platform] = new URL(downloadUrl).pathname.split('/').slice(-3);
      return { params: { passCode, passId, platform } };
    },
  },
  intouch: {
    getStores: { query: { username: 'user1' } },
    // Store 2 is paused in the demo; store 1 stays online for the orders below.
    postStoresByStoreStatus: { params: { store: '2' }, body: { status: 'paused' } },
    postCatalogUpdateStatus: { query: { active: '1', store: '1', products: '[1,2]' } },
    getCustomersByTokenPoints: async (c) => ({ params: { token: await intouchLogin(c) }, body: { products: '[1,2]' } }),
    postCustomersByTokenPoints: async (c) => ({ params: { token: await intouchLogin(c) }, body: { products: '[1]' } }),
    postCustomerLogin: { body: JORDI },
    postCustomerRegister: { body: { name: 'Bruce', email: 'bruce@wayne.com', password: 'batman', postalCode: '08240', birthDate: '1950-12-23', subscribe: 1 } },
    putCustomer: { body: { name: 'Customer Name', postalCode: 'Customer postalCode', address: 'Customer address', city: 'Customer city', phone: 'Customer phone' } },
    postCustomerUploadProfilePhoto: { body: { Photo: JPEG } },
    postCustomerAssociateCustomerGroup: { body: { id: '2' } },
    postCustomerCards: { body: { name: 'My gift card' } },
    getCustomerCardsByUuid: { params: { uuid: '58b194cc08bfa' } },
    putCustomerCardsByUuid: { params: { uuid: '58b194cc08bfa' }, body: { amount: 1000 } },
    postCustomerOrders: { form: INTOUCH_ORDER },
    putCustomerOrdersById: async (c) => ({ params: { id: String((await intouchCustomer(c, 'POST', '/customer/orders', new URLSearchParams(INTOUCH_ORDER).toString(), { 'content-type': 'application/x-www-form-urlencoded' })).data.id) } }),
    postCustomerInvoicesByIdPointsObtain: { params: { id: '1' } },
    getCustomerTableByIdAvailable: { params: { id: '3' } },
  },
  reversio: {
    // reversio.txt shows no brand request (a brand comes from a model's brandName); the demo has Fairphone already.
    putCatalogBrands: { body: { name: 'Shiftphones' } },
    postCatalogBrandsById: async (c) => ({ params: { id: (await reversio(c, 'GET', '/catalog/brands')).value[0].id }, body: { name: 'Fairphone' } }),
    putCatalogModels: { body: { ...MODEL_SAMPLE, sKU: 'TRUTH-PUT' } },
    postCatalogModels: { body: { ...MODEL_SAMPLE, sKU: 'TRUTH-POST' } },
    getCatalogModelsById: { params: { id: DEMO_MODEL_ID } },
    postCatalogModelsById: { params: { id: DEMO_MODEL_ID }, body: { photoUrl: 'https://img.example/fp3.png' } },
    putOrders: { body: { ...ORDER_SAMPLE, orderReference: 'ORDER-TRUTH' } },
    getOrdersByOrderReference: { params: { orderReference: ORDER_SAMPLE.orderReference } },
    getOrdersByOrderReferenceStatus: { params: { orderReference: ORDER_SAMPLE.orderReference } },
    postLinks: { body: { orderId: DEMO_ORDER_ID } },
  },
};

/** The errors a document gives that the failure calls of the truth test do not reach by themselves. */
export const ERROR_SAMPLES: Record<string, Record<string, ErrorSample[]>> = {
  revel: {
    // revel-2.79-changelog.txt, "Discount Resource changes": Discount 201 is the demo's EMS copy.
    patchResourcesDiscountById: [{ what: "a new barcode on an EMS copy", status: 403, sample: { params: { id: '201' }, body: { barcode: 'NEW-BARCODE' } } }],
    putResourcesDiscountById: [
      { what: 'a new barcode on an EMS copy', status: 403, sample: async (c) => ({ params: { id: '201' }, body: { ...(await revel(c, 'GET', '/resources/Discount/201/')), barcode: 'NEW-BARCODE' } }) },
    ],
  },
};
