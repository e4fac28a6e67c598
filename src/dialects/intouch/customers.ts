import { scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { isUniqueViolation } from '../../core/db/errors.ts';
import { nextId } from '../../core/db/sequences.ts';
import type { Tx } from '../../core/db/engine.ts';
import type { SandboxScope } from '../../core/scope.ts';
import { CUSTOMER_TOKEN } from './credentials.ts';
import { attribute, IntouchError, invalid, invalidFields, loginFailed } from './errors.ts';
import { insertCustomer, insertPhoto, selectCustomer, selectCustomerByEmail, selectGroup, SEQUENCE, updateCustomer, type CustomerRow, type GroupRow } from './store.ts';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number }) => Promise<Buffer>;

/**
 * Passwords are stored as scrypt hashes (`scrypt$N$salt$hash`), never returned. N is 2^10: a
 * local stand-in's logins should be quick, and the hash still never leaves the database.
 */
const SCRYPT = { N: 1024, r: 8, p: 1 };

export async function hashPassword(password: string, salt: Buffer): Promise<string> {
  const hash = await scrypt(password, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${salt.toString('hex')}$${hash.toString('hex')}`;
}

async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [kind, n, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const computed = await scrypt(password, Buffer.from(salt, 'hex'), 32, { ...SCRYPT, N: Number(n) });
  const expected = Buffer.from(hash, 'hex');
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}

/** Laravel's `Y-m-d H:i:s`, by the sandbox clock (UTC). */
export const laravelTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

export function groupView(g: GroupRow) {
  return { id: Number(g.id), name: g.name, discount: Number(g.discount), created_at: laravelTime(Number(g.created_at)) };
}

/** `GET customer/`: every field of the document's sample, in its order. */
export async function customerView(s: Pick<SandboxScope, 'db' | 'sandboxId'>, c: CustomerRow) {
  const group = c.customer_group_id === null ? undefined : await selectGroup(s.db, s.sandboxId, Number(c.customer_group_id));
  return {
    id: Number(c.id),
    name: c.name,
    postalCode: c.postal_code,
    city: c.city,
    address: c.address,
    birthDate: c.birth_date,
    points: Number(c.points),
    email: c.email,
    phone: c.phone,
    stripe_id: c.stripe_id,
    payment_token: c.payment_token,
    vip: Number(c.vip),
    photo: c.photo,
    language: c.language,
    authCode: c.auth_code,
    extra_id: c.extra_id,
    created_at: laravelTime(Number(c.created_at)),
    updated_at: laravelTime(Number(c.updated_at)),
    customer_group_id: c.customer_group_id === null ? null : Number(c.customer_group_id),
    discount_percentage: Number(c.discount_percentage),
    group: group ? groupView(group) : null,
  };
}

/** The login sample's `info`: points, id, postalCode, email, name. */
const infoOf = (c: CustomerRow) => ({ points: Number(c.points), id: Number(c.id), postalCode: c.postal_code, email: c.email, name: c.name });

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
type Body = Record<string, unknown>;

/** A string field the body must carry (Laravel's `required|string|max:255`). */
function text(body: Body, field: string, errors: Record<string, string[]>, opts: { required?: boolean; max?: number } = { required: true }): string | null {
  const v = body[field];
  if (v === undefined || v === null || v === '') {
    if (opts.required) errors[field] = [`The ${attribute(field)} field is required.`];
    return null;
  }
  if (typeof v !== 'string' && typeof v !== 'number') {
    errors[field] = [`The ${attribute(field)} must be a string.`];
    return null;
  }
  const value = String(v).trim();
  if (value.length > (opts.max ?? 255)) errors[field] = [`The ${attribute(field)} must not be greater than ${opts.max ?? 255} characters.`];
  return value;
}

function validDate(raw: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) return false;
  const ms = Date.parse(`${raw}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === raw;
}

function bool(v: unknown): 0 | 1 | null {
  if (v === true || v === 1 || v === '1' || v === 'true') return 1;
  if (v === false || v === 0 || v === '0' || v === 'false') return 0;
  return null;
}

const asBody = (body: unknown): Body => (body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Body) : {});

/** `POST customer/login` and `register`: a new customer token and the login sample's `info`. */
async function loginAnswer(s: SandboxScope, tx: Tx, c: CustomerRow) {
  const token = await s.issueToken(tx, CUSTOMER_TOKEN, String(c.id), { length: 60 });
  return { api_token: token, info: infoOf(c) };
}

export async function login(s: SandboxScope, raw: unknown) {
  const body = asBody(raw);
  const errors: Record<string, string[]> = {};
  const email = text(body, 'email', errors);
  text(body, 'password', errors);
  if (Object.keys(errors).length) throw invalidFields(errors);
  const c = await selectCustomerByEmail(s.db, s.sandboxId, email!.toLowerCase());
  if (!c || !(await passwordMatches(String(body.password), c.password_hash))) throw loginFailed();
  return s.tx((tx) => loginAnswer(s, tx, c));
}

/** `POST customer/register`: name, email, password, postalCode, birthDate (`YYYY-MM-DD`), subscribe. */
export async function register(s: SandboxScope, raw: unknown) {
  const body = asBody(raw);
  const errors: Record<string, string[]> = {};
  const name = text(body, 'name', errors);
  const email = text(body, 'email', errors);
  if (email !== null && !errors.email && !EMAIL.test(email)) errors.email = ['The email must be a valid email address.'];
  const password = body.password;
  if (password === undefined || password === null || password === '') errors.password = ['The password field is required.'];
  else if (typeof password !== 'string') errors.password = ['The password must be a string.'];
  const postalCode = text(body, 'postalCode', errors, { required: true, max: 20 });
  const birthDate = text(body, 'birthDate', errors);
  if (birthDate !== null && !errors.birthDate && !validDate(birthDate)) errors.birthDate = ['The birth date does not match the format Y-m-d.'];
  const subscribe = bool(body.subscribe);
  if (body.subscribe === undefined || body.subscribe === null || body.subscribe === '') errors.subscribe = ['The subscribe field is required.'];
  else if (subscribe === null) errors.subscribe = ['The subscribe field must be true or false.'];
  if (email !== null && !errors.email && (await selectCustomerByEmail(s.db, s.sandboxId, email.toLowerCase()))) errors.email = ['The email has already been taken.'];
  if (Object.keys(errors).length) throw invalidFields(errors);
  try {
    return await s.tx(async (tx) => {
      const row: CustomerRow = {
        sandbox_id: s.sandboxId,
        id: await nextId(tx, s.sandboxId, SEQUENCE.customer),
        name: name!,
        email: email!,
        email_key: email!.toLowerCase(),
        password_hash: await hashPassword(password as string, s.random.bytes(16)),
        postal_code: postalCode,
        city: null,
        address: null,
        birth_date: birthDate,
        points: 0,
        phone: null,
        stripe_id: null,
        payment_token: null,
        vip: 0,
        photo: null,
        language: 'es',
        auth_code: null,
        extra_id: null,
        subscribe: subscribe!,
        customer_group_id: null,
        discount_percentage: 0,
        created_at: s.now,
        updated_at: s.now,
      };
      await insertCustomer(tx, row);
      return loginAnswer(s, tx, row);
    });
  } catch (err) {
    // Two registrations of one email at once: the unique (account, email) decides.
    if (isUniqueViolation(err)) throw invalid('email', 'The email has already been taken.');
    throw err;
  }
}

/** The customer a customer token stands for (the auth scheme put it in the scope). */
export async function currentCustomer(s: SandboxScope): Promise<CustomerRow> {
  const c = s.subject ? await selectCustomer(s.db, s.sandboxId, Number(s.subject)) : undefined;
  if (!c) throw new IntouchError('unauthenticated', 'Unauthenticated.');
  return c;
}

/** `PUT customer/`: name, postalCode, address, city and phone are required; the new profile. */
export async function updateProfile(s: SandboxScope, raw: unknown) {
  const c = await currentCustomer(s);
  const body = asBody(raw);
  const errors: Record<string, string[]> = {};
  const name = text(body, 'name', errors);
  const postalCode = text(body, 'postalCode', errors, { required: true, max: 20 });
  const address = text(body, 'address', errors);
  const city = text(body, 'city', errors);
  const phone = text(body, 'phone', errors, { required: true, max: 30 });
  const birthDate = text(body, 'birthDate', errors, { required: false });
  if (birthDate !== null && !errors.birthDate && !validDate(birthDate)) errors.birthDate = ['The birth date does not match the format Y-m-d.'];
  const language = text(body, 'language', errors, { required: false, max: 5 });
  if (Object.keys(errors).length) throw invalidFields(errors);
  const changes: Partial<CustomerRow> = { name: name!, postal_code: postalCode, address, city, phone, updated_at: s.now };
  if (birthDate !== null) changes.birth_date = birthDate;
  if (language !== null) changes.language = language;
  await s.tx((tx) => updateCustomer(tx, s.sandboxId, Number(c.id), changes));
  return customerView(s, { ...c, ...changes });
}

const MAX_PHOTO_BYTES = 2 * 1024 * 1024;
const PHOTO_NAME = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `POST customer/uploadProfilePhoto`: `Photo`, a base64 JPEG or PNG of at most 2 MB. */
export async function uploadPhoto(s: SandboxScope, raw: unknown) {
  const c = await currentCustomer(s);
  const body = asBody(raw);
  const field = body.Photo !== undefined ? 'Photo' : 'photo';
  const value = body[field];
  if (value === undefined || value === null || value === '') throw invalid('Photo', 'The photo field is required.');
  if (typeof value !== 'string') throw invalid('Photo', 'The photo must be a base64 encoded string.');
  const b64 = value.replace(/^data:image\/[a-z]+;base64,/i, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 === 1) throw invalid('Photo', 'The photo must be a base64 encoded image.');
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length > MAX_PHOTO_BYTES) throw invalid('Photo', 'The photo must not be greater than 2048 kilobytes.');
  const kind = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff ? 'jpg' : bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) ? 'png' : null;
  if (!kind) throw invalid('Photo', 'The photo must be a JPEG or PNG image.');
  return s.tx(async (tx) => {
    const name = `${s.random.pick(PHOTO_NAME, 10)}.${kind}`;
    await insertPhoto(tx, { sandbox_id: s.sandboxId, name, mime: kind === 'jpg' ? 'image/jpeg' : 'image/png', data: bytes.toString('base64') });
    await updateCustomer(tx, s.sandboxId, Number(c.id), { photo: name, updated_at: s.now });
    return { result: 'OK', photoName: name };
  });
}

/** `POST customer/associateCustomerGroup {"id"}`: the group, its discount now the customer's. */
export async function associateGroup(s: SandboxScope, raw: unknown) {
  const c = await currentCustomer(s);
  const body = asBody(raw);
  const id = Number(body.id);
  if (body.id === undefined || body.id === null || body.id === '') throw invalid('id', 'The id field is required.');
  if (!Number.isSafeInteger(id)) throw invalid('id', 'The selected id is invalid.');
  const group = await selectGroup(s.db, s.sandboxId, id);
  if (!group) throw invalid('id', 'The selected id is invalid.');
  await s.tx((tx) => updateCustomer(tx, s.sandboxId, Number(c.id), { customer_group_id: id, discount_percentage: Number(group.discount), updated_at: s.now }));
  return groupView(group);
}

