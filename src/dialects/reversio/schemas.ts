import { Type, type TSchema } from 'typebox';

/**
 * The request bodies of the Revers.io API, with the property names of its answers (camelCase:
 * `sku`, `eaNs`); binding.ts maps the names clients send (`sKU`, `eANs`) onto these. Properties
 * the vendor does not know are ignored, as ASP.NET ignores them (PrestaShop sends `isLowValue`).
 */
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Opt = <T extends TSchema>(t: T) => Type.Optional(Nullable(t));
const Text = (maxLength: number) => Type.String({ maxLength });
const Needed = (maxLength: number) => Type.String({ minLength: 1, maxLength });

/** A decimal: a JSON number or a numeric string (PHP clients send `"5.0000"`), never negative. */
export const Decimal = Type.Union([Type.Number({ minimum: 0 }), Type.String({ pattern: '^\\s*\\d+(\\.\\d+)?\\s*$', maxLength: 40 })]);

const Dimension = Type.Object({ lengthInCm: Opt(Decimal), widthInCm: Opt(Decimal), heightInCm: Opt(Decimal) });

const AdditionalInformation = Type.Object({
  isReturnable: Opt(Type.Boolean()),
  isRepairable: Opt(Type.Boolean()),
  isTransportable: Opt(Type.Boolean()),
  isSerializable: Opt(Type.Boolean()),
  isOnSiteInterventionPossible: Opt(Type.Boolean()),
  isCumbersome: Opt(Type.Boolean()),
});

const modelFields = {
  brandId: Opt(Text(100)),
  brandName: Opt(Text(100)),
  modelTypeId: Opt(Text(100)),
  modelTypeUniqueName: Opt(Text(100)),
  state: Opt(Text(40)),
  weight: Opt(Decimal),
  dimension: Opt(Dimension),
  eaNs: Opt(Type.Array(Nullable(Text(50)), { maxItems: 50 })),
  photoUrl: Opt(Text(2000)),
  additionalInformation: Opt(AdditionalInformation),
};

export const ModelCreate = Type.Object({ label: Needed(255), sku: Needed(100), ...modelFields }, { title: 'Model' });
export const ModelUpdate = Type.Object({ label: Type.Optional(Needed(255)), sku: Type.Optional(Needed(100)), ...modelFields }, { title: 'ModelUpdate' });
export type ModelInput = {
  label?: string;
  sku?: string;
  brandId?: string | null;
  brandName?: string | null;
  modelTypeId?: string | null;
  modelTypeUniqueName?: string | null;
  state?: string | null;
  weight?: number | string | null;
  dimension?: { lengthInCm?: number | string | null; widthInCm?: number | string | null; heightInCm?: number | string | null } | null;
  eaNs?: Array<string | null> | null;
  photoUrl?: string | null;
  additionalInformation?: Record<string, boolean | null> | null;
};

export const BrandBody = Type.Object({ name: Needed(100) }, { title: 'Brand' });

const Money = Type.Object({ amount: Decimal, currency: Type.String({ minLength: 1, maxLength: 10 }) });
export type MoneyInput = { amount: number | string; currency: string };

const Address = Type.Object({
  companyName: Opt(Text(200)),
  streetAddress: Needed(300),
  additionalAddress: Opt(Text(300)),
  doorCode: Opt(Text(50)),
  floor: Opt(Text(50)),
  zipCode: Needed(20),
  city: Needed(100),
  countryCode: Needed(10),
  phone: Opt(Text(40)),
});

const OrderLine = Type.Object({
  modelId: Needed(100),
  price: Money,
  orderLineReference: Opt(Type.Union([Text(100), Type.Number()])),
  serialNumber: Opt(Text(100)),
});

export const OrderBody = Type.Object(
  {
    orderReference: Needed(100),
    civility: Opt(Text(20)),
    customerLastName: Needed(100),
    customerFirstName: Opt(Text(100)),
    customerMail: Needed(254),
    phoneNumber: Opt(Text(40)),
    address: Address,
    purchaseDateUtc: Needed(40),
    products: Type.Array(OrderLine, { minItems: 1, maxItems: 1000 }),
    shippingPrice: Opt(Money),
    salesChannel: Opt(Text(100)),
  },
  { title: 'Order' },
);
export type AddressInput = {
  companyName?: string | null;
  streetAddress: string;
  additionalAddress?: string | null;
  doorCode?: string | null;
  floor?: string | null;
  zipCode: string;
  city: string;
  countryCode: string;
  phone?: string | null;
};
export type OrderInput = {
  orderReference: string;
  civility?: string | null;
  customerLastName: string;
  customerFirstName?: string | null;
  customerMail: string;
  phoneNumber?: string | null;
  address: AddressInput;
  purchaseDateUtc: string;
  products: Array<{ modelId: string; price: MoneyInput; orderLineReference?: string | number | null; serialNumber?: string | null }>;
  shippingPrice?: MoneyInput | null;
  salesChannel?: string | null;
};

/** `POST links`: the order's id (Magento sends the whole `value` of `PUT orders` there, so an object with its `id` is taken too). */
export const LinkBody = Type.Object({ orderId: Type.Union([Needed(100), Type.Object({ id: Needed(100) })]) }, { title: 'Link' });

export const Paging = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});
