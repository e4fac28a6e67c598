import { nextId } from '../../core/db/sequences.ts';
import type { SandboxScope } from '../../core/scope.ts';
import { currentCustomer } from './customers.ts';
import { invalid, notFound } from './errors.ts';
import { insertCard, reloadCard, selectCard, selectCards, SEQUENCE, type CardRow } from './store.ts';

/** The gift cards of the current customer (revo-intouch.txt, "Cards"). */
export const cardView = (r: CardRow) => ({ active: Number(r.active), amount: Number(r.amount), id: Number(r.id), uuid: r.uuid, photo: r.photo, customer_id: Number(r.customer_id), name: r.name });

export async function listCards(s: SandboxScope) {
  const c = await currentCustomer(s);
  return (await selectCards(s.db, s.sandboxId, Number(c.id))).map(cardView);
}

/** A card of the current customer; another customer's card, or none, is 404. */
export async function ownCard(s: SandboxScope, uuid: string): Promise<CardRow> {
  const c = await currentCustomer(s);
  const card = await selectCard(s.db, s.sandboxId, uuid);
  if (!card || Number(card.customer_id) !== Number(c.id)) throw notFound('Card', uuid);
  return card;
}

const HEX = '0123456789abcdef';
const PHOTO = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `POST customer/cards {"name"}`: a new card, amount 0, a 13-hex-character uuid and a 6-character photo. */
export async function createCard(s: SandboxScope, body: unknown) {
  const c = await currentCustomer(s);
  const name = (body as { name?: unknown } | undefined)?.name;
  if (name === undefined || name === null || name === '') throw invalid('name', 'The name field is required.');
  if (typeof name !== 'string') throw invalid('name', 'The name must be a string.');
  if (name.length > 255) throw invalid('name', 'The name must not be greater than 255 characters.');
  const row = await s.tx(async (tx) => {
    const card: CardRow = {
      sandbox_id: s.sandboxId,
      id: await nextId(tx, s.sandboxId, SEQUENCE.card),
      uuid: s.random.pick(HEX, 13),
      customer_id: Number(c.id),
      name,
      amount: 0,
      active: 1,
      photo: s.random.pick(PHOTO, 6),
    };
    await insertCard(tx, card);
    return card;
  });
  // The sample's order: amount, id, uuid, photo, name, customer_id.
  return { amount: 0, id: Number(row.id), uuid: row.uuid, photo: row.photo, name: row.name, customer_id: Number(row.customer_id) };
}

/** `PUT customer/cards/{uuid} {"amount"}`: a reload of `amount` cents (more than 0). */
export async function reload(s: SandboxScope, uuid: string, body: unknown) {
  const card = await ownCard(s, uuid);
  const amount = (body as { amount?: unknown } | undefined)?.amount;
  if (amount === undefined || amount === null || amount === '') throw invalid('amount', 'The amount field is required.');
  const cents = typeof amount === 'string' && /^\d+$/.test(amount) ? Number(amount) : amount;
  if (!Number.isSafeInteger(cents)) throw invalid('amount', 'The amount must be an integer (cents).');
  if ((cents as number) <= 0) throw invalid('amount', 'The amount must be greater than 0.');
  if ((cents as number) > 100_000_000) throw invalid('amount', 'The amount must not be greater than 100000000.');
  return { newAmount: await s.tx((tx) => reloadCard(tx, s.sandboxId, Number(card.id), cents as number)) };
}
