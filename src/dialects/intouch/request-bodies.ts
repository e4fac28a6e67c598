/**
 * InTouch's request bodies as revo-intouch.txt lists them ("Body Field" tables and body samples),
 * for its OpenAPI document only: the routes validate by hand, with Laravel's 422 messages
 * (customers.ts, cards.ts, orders.ts, points.ts, stores.ts), and keep doing so. Laravel reads a
 * JSON body or form fields alike; `POST customer/orders` sends its JSON in form fields.
 */

type Json = Record<string, unknown>;

const object = (properties: Record<string, Json>, required: string[] = Object.keys(properties)): Json => ({ type: 'object', properties, required });
const body = (schema: Json, description?: string): Json => ({
  required: true,
  ...(description ? { description } : {}),
  content: { 'application/json': { schema }, 'application/x-www-form-urlencoded': { schema } },
});

const str = (description: string, extra: Json = {}): Json => ({ type: 'string', description, ...extra });
/** A product id list: "Json id of the product in Json format", `"[1,2]"` (an array is read too). */
const products: Json = {
  anyOf: [str('the product ids as a JSON array, `"[1,2]"`'), { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 1, maxItems: 1000 }],
};
/** A field holding JSON: an object (or array) in a JSON body, its JSON text in a form field. */
const jsonOf = (schema: Json, description: string): Json => ({ anyOf: [schema, str(`${description}, as JSON text (a form field)`)], description });

const OrderContent: Json = {
  type: 'object',
  description: 'an order line: product_id, quantity, price, tax, subtotal, taxAmount, total, pointsSpent; optional modifiers and menuContents',
  properties: {
    product_id: { type: 'integer' },
    quantity: { type: 'integer' },
    id: { type: ['integer', 'null'] },
    subtotal: { type: 'integer' },
    price: { type: 'integer' },
    tax: { type: 'integer' },
    pointsSpent: { type: ['integer', 'null'] },
    total: { type: 'integer' },
    taxAmount: { type: 'integer' },
    modifiers: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, price: { type: 'integer' } } } },
    menuContents: { type: 'array', items: { type: 'object', properties: { product_id: { type: 'integer' }, price: { type: 'integer' }, modifiers: { type: 'array' } } } },
  },
};

export const requestBodies: Record<string, Json> = {
  postStoresByStoreStatus: body(object({ status: str('the status to send', { enum: ['online', 'paused', 'offline'] }) })),
  getCustomersByTokenPoints: body(object({ products }), 'The products whose points price to give (the app sends this body with the GET)'),
  postCustomersByTokenPoints: body(object({ products })),
  postCustomerLogin: body(object({ email: str('the user email'), password: str('the user password') })),
  postCustomerRegister: body(
    object({
      name: str('Bruce', { maxLength: 255 }),
      email: str('bruce@wayne.com', { maxLength: 255 }),
      password: str('batman'),
      postalCode: str('08240', { maxLength: 20 }),
      birthDate: str('1950-12-23 (Y-m-d)'),
      subscribe: { anyOf: [{ type: 'boolean' }, { enum: [0, 1, '0', '1'] }], description: '1' },
    }),
  ),
  putCustomer: body(
    object({
      name: str('Customer Name', { maxLength: 255 }),
      postalCode: str('Customer postalCode', { maxLength: 20 }),
      address: str('Customer address', { maxLength: 255 }),
      city: str('Customer city', { maxLength: 255 }),
      phone: str('Customer phone', { maxLength: 30 }),
    }),
    'The mandatory parameters, in JSON format',
  ),
  postCustomerUploadProfilePhoto: body(object({ Photo: str('the photo, base64 encoded (a JPEG or PNG of at most 2 MB): /9j/4AAQSkZJRgABA...') })),
  postCustomerAssociateCustomerGroup: body(object({ id: { type: ['string', 'integer'], description: 'the id of the group to associate' } })),
  postCustomerCards: body(object({ name: str('the name of the new card', { maxLength: 255 }) })),
  putCustomerCardsByUuid: body(object({ amount: { type: 'integer', minimum: 1, maximum: 100_000_000, description: 'the amount in cents' } })),
  postCustomerOrders: body(
    object(
      {
        order: jsonOf({ type: 'object', properties: { subtotal: { type: 'integer' }, id: { type: ['integer', 'null'] }, total: { type: 'integer' }, taxAmount: { type: 'integer' } } }, 'the order'),
        contents: jsonOf({ type: 'array', items: OrderContent, minItems: 1, maxItems: 500 }, 'the contents of the order'),
        card: str('the customer gift card (its uuid) to charge'),
        store: { type: ['integer', 'string'], description: 'the store id to create the order at (it can be left out when there is only one store)' },
        delivery: jsonOf({ type: 'object', properties: { address: { type: 'string' }, city: { type: 'string' }, phone: { type: 'string' }, geolocation: { type: 'string' }, time: { type: 'string' } } }, 'the delivery: address, city, phone, geolocation and time'),
      },
      ['order', 'contents'],
    ),
    'Form fields holding JSON, as the document sends them (or one JSON body)',
  ),
};
