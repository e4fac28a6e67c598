import { Type, type Static } from 'typebox';

/**
 * Request and response schemas of comeback.txt. Request bodies accept fields the document
 * does not name (JSON APIs ignore them); every documented field is checked for its type.
 */
const NullableString = Type.Unsafe<string | null>({ type: ['string', 'null'] });
const NullableInteger = Type.Unsafe<number | null>({ type: ['integer', 'null'] });
const NullableNumber = Type.Unsafe<number | null>({ type: ['number', 'null'] });
const Id = Type.String({ minLength: 1, maxLength: 200 });
/** Cents and points: integers well inside a double's exact range. */
const Count = (opts: { minimum?: number } = {}) => Type.Integer({ minimum: opts.minimum ?? -1_000_000_000_000, maximum: 1_000_000_000_000 });

export const ErrorBody = Type.Object({ error: Type.String() });

// ---------------------------------------------------------------- GET Location List

export const Location = Type.Object({
  id: Type.String(),
  name: Type.String(),
  address: Type.String(),
  organizationId: Type.String(),
  deleted: Type.Integer({ description: '0 or 1' }),
  countryCode: Type.String(),
  latitude: NullableNumber,
  longitude: NullableNumber,
});
export const LocationList = Type.Array(Location);

// ---------------------------------------------------------------- point types

export const PointType = Type.Object({
  id: Type.String(),
  name: Type.String(),
  expirationDays: NullableInteger,
  allowedPassIds: Type.Array(Type.String()),
});
export const PointTypeList = Type.Object({ pointTypes: Type.Array(PointType) });

// ---------------------------------------------------------------- promotions

export const Promotion = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: NullableString,
  pointsExpense: Type.Integer(),
  discountType: NullableString,
  discountAmount: NullableInteger,
  pointsRequired: Type.Integer(),
  pointTypeId: NullableString,
  code: Type.Optional(Type.String()),
  availableOnline: Type.Boolean(),
});
export const PromotionList = Type.Object({ promotions: Type.Array(Promotion) });

export const NewPromotion = Type.Object({
  name: Type.String({ maxLength: 500 }),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  pointTypeId: Id,
  pointsExpense: Count({ minimum: 0 }),
  code: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  discountType: Type.Optional(
    Type.Union([Type.Literal('products'), Type.Literal('2x1'), Type.Literal('percentage'), Type.Literal('currency'), Type.Null()], {
      description: 'one of products, 2x1, percentage, currency (not needed if code is provided)',
    }),
  ),
  discountAmount: Type.Optional(Type.Union([Count({ minimum: 0 }), Type.Null()])),
  // Not in the document's request table: Understudy accepts them so tests can configure
  // what the customer object reports (`availableOnline`) and where a promotion is valid.
  availableOnline: Type.Optional(Type.Boolean()),
  locationIds: Type.Optional(Type.Array(Id, { maxItems: 1000 })),
});
export type NewPromotionInput = Static<typeof NewPromotion>;

// ---------------------------------------------------------------- customers

const CustomerPromotion = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: NullableString,
  discountType: NullableString,
  discountAmount: NullableInteger,
  pointsExpense: Type.Integer(),
  code: Type.Optional(Type.String()),
  availableOnline: Type.Boolean(),
});

const Point = Type.Object({ amount: Type.Integer(), pointTypeId: Type.String(), pointTypeName: Type.String() });

export const Customer = Type.Object({
  id: Type.String(),
  name: Type.String(),
  surname: NullableString,
  phoneNumber: NullableString,
  email: NullableString,
  creationTime: Type.String({ description: 'ISO-8601 UTC' }),
  source: NullableString,
  marketingCommunication: Type.Boolean(),
  birthDate: NullableString,
  externalId: NullableString,
  appleDownloaded: Type.Boolean(),
  androidDownloaded: Type.Boolean(),
  points: Type.Array(Point),
  level: NullableString,
  availablePromotions: Type.Array(CustomerPromotion),
});

export const CustomerPage = Type.Object({ customers: Type.Array(Customer), page: Type.Integer(), lastPage: Type.Integer() });

export const NewCustomer = Type.Object({
  name: Type.String({ maxLength: 500 }),
  surname: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  phoneNumber: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
  email: Type.Optional(Type.Union([Type.String({ maxLength: 254 }), Type.Null()])),
  source: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  marketingCommunication: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  birthDate: Type.Optional(Type.Union([Type.String({ maxLength: 10, description: 'YYYY-MM-DD' }), Type.Null()])),
  externalId: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
});
export type NewCustomerInput = Static<typeof NewCustomer>;

export const Deleted = Type.Object({ message: Type.String() });

export const CustomerParams = Type.Object({ customerId: Type.String({ minLength: 1, maxLength: 320 }) });
export const ScanParams = Type.Object({ locationId: Type.String({ minLength: 1, maxLength: 200 }), identifier: Type.String({ minLength: 1, maxLength: 320 }) });
export const PageQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000, description: 'result page, from 0' })) });

export const AddPoints = Type.Object({
  addedPoints: Count(),
  pointTypeId: Id,
});
export type AddPointsInput = Static<typeof AddPoints>;

// ---------------------------------------------------------------- passes

export const PassQuery = Type.Object({ passId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) });
export const DownloadUrl = Type.Object({ downloadUrl: Type.String() });

// ---------------------------------------------------------------- applied promotions

export const AppliedPromotionList = Type.Object({
  appliedPromotions: Type.Array(
    Type.Object({
      promotionId: Type.String(),
      customerId: Type.String(),
      creationTime: Type.String(),
      locationId: Type.String(),
      orderId: Type.String(),
    }),
  ),
});

// ---------------------------------------------------------------- orders

const Product = Type.Object({
  name: Type.String({ maxLength: 500 }),
  quantity: Count(),
  organizationProductExternalId: Type.Optional(NullableString),
  orderProductExternalId: Type.Optional(NullableString),
  price: Count(),
});

export const NewOrder = Type.Object({
  externalId: Type.String({ minLength: 1, maxLength: 200 }),
  amount: Count({ minimum: 0 }),
  products: Type.Optional(Type.Array(Product, { maxItems: 1000 })),
  locationId: Id,
  customerId: Id,
  promotionsApplied: Type.Optional(Type.Array(Type.Object({ id: Id }), { maxItems: 100 })),
  discountAmount: Type.Optional(Count({ minimum: 0 })),
});
export type NewOrderInput = Static<typeof NewOrder>;

export const Order = Type.Object({
  id: Type.String(),
  externalId: Type.String(),
  amount: Type.Integer(),
  products: Type.Array(
    Type.Object({
      name: Type.String(),
      quantity: Type.Integer(),
      organizationProductExternalId: NullableString,
      orderProductExternalId: NullableString,
      price: Type.Integer(),
    }),
  ),
  locationId: Type.String(),
  customerId: Type.String(),
  promotionsApplied: Type.Array(Type.Object({ id: Type.String() })),
  discountAmount: Type.Integer(),
  creationTime: Type.String(),
  earnedPoints: Type.Array(Point),
});
