import { Type, type TSchema } from 'typebox';
import { ADDITIONAL_FLAGS } from './views.ts';
import { File } from './control-schemas.ts';

export { File };

/**
 * The answers of the Revers.io API (views.ts builds them), in the envelope: they serialize the
 * answers and document them in the dialect's OpenAPI.
 */
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Text = Type.String();
const NText = Nullable(Type.String());
const NNumber = Nullable(Type.Number());

export const Pagination = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  pageCount: Type.Integer(),
  hasPreviousPage: Type.Boolean(),
  hasNextPage: Type.Boolean(),
});

const EnvelopeError = Type.Object({ subject: Text, code: Text, message: Text });
const flags = { errors: Type.Array(EnvelopeError), isHandledError: Type.Boolean(), failure: Type.Boolean(), hasWarnings: Type.Boolean(), isNotFound: Type.Boolean() };

const envelope = (value: TSchema, title: string) => Type.Object({ value, ...flags }, { title });
const page = (item: TSchema, title: string) => Type.Object({ value: Type.Array(item), pagination: Pagination, ...flags }, { title });

/** A handled error: `value` null, `failure` and `isHandledError` true, the field in `errors[0].subject`. */
export const Failure = envelope(Type.Null(), 'Failure');
/** Azure API Management's refusal of a subscription key, secret or JWT. */
export const ApimError = Type.Object({ statusCode: Type.Integer(), message: Text }, { title: 'ApimError' });
export const errors = { 400: Failure, 401: ApimError, 404: Failure };

const ModelType = Type.Object({ id: Text, key: Text, label: Text, parentId: NText });
const Brand = Type.Object({ id: Text, name: Text });
const Model = Type.Object({
  id: Text,
  sku: Text,
  label: Text,
  brandId: NText,
  brandName: NText,
  modelTypeId: Text,
  modelTypeUniqueName: NText,
  state: Text,
  weight: NNumber,
  dimension: Type.Object({ lengthInCm: NNumber, widthInCm: NNumber, heightInCm: NNumber }),
  eaNs: Type.Array(Text),
  photoUrl: NText,
  additionalInformation: Type.Object(Object.fromEntries(ADDITIONAL_FLAGS.map((f) => [f, Type.Boolean()]))),
  createdAt: Text,
  updatedAt: Text,
});
const Money = Type.Object({ amount: Type.Number(), currency: Text });
const Order = Type.Object({
  id: Text,
  orderReference: Text,
  civility: NText,
  customerFirstName: NText,
  customerLastName: Text,
  customerMail: Text,
  phoneNumber: NText,
  address: Type.Object({
    companyName: NText,
    streetAddress: Text,
    additionalAddress: NText,
    doorCode: NText,
    floor: NText,
    zipCode: Text,
    city: Text,
    countryCode: Text,
    phone: NText,
  }),
  purchaseDateUtc: Text,
  salesChannel: NText,
  shippingPrice: Nullable(Money),
  products: Type.Array(Type.Object({ id: Text, modelId: Text, price: Money, orderLineReference: NText, serialNumber: NText })),
  createdAt: Text,
});
const OrderStatus = Type.Object({ orderId: Text, orderReference: Text, status: Text, files: Type.Array(File) });

export const TokenAnswer = envelope(Text, 'Token');
export const ModelTypeList = page(ModelType, 'ModelTypeList');
export const BrandAnswer = envelope(Brand, 'BrandAnswer');
export const BrandList = page(Brand, 'BrandList');
export const ModelAnswer = envelope(Model, 'ModelAnswer');
export const ModelList = page(Model, 'ModelList');
export const OrderAnswer = envelope(Order, 'OrderAnswer');
export const OrderStatusAnswer = envelope(OrderStatus, 'OrderStatusAnswer');
export const LinkAnswer = envelope(Text, 'Link');
