/**
 * Talking without a shared phrase: the profile's identity (random X25519 key pairs, sealed with
 * the profile's other secrets), its contact card, contacts added from their cards (a chat whose
 * key both sides agree from the two public keys), the safety number, and "New identity".
 * @module
 */
import { fromBase64, toBase64, utf8 } from '../encoding/bytes.ts';
import { CardError, cleanCardName, formatCard, MAX_CARD_NAME_BYTES, parseCard, samePublicKey } from '../contacts/card.ts';
import { newIdentity } from '../contacts/identity.ts';
import type { ChatView } from '../wire/views.ts';
import { addChat, findChat, replaceChat, viewOf } from './catalog.ts';
import { assertStillUnlocked, type Ready, requireUnlocked, type VaultContext } from './context.ts';
import { VaultError } from './errors.ts';
import { cleanChatName } from './input.ts';
import { openProfileSecrets, sealProfileSecrets } from './profile-secrets.ts';
import { type CatalogRecord, type ChatRecord, type ContactRecord, type IdentitiesRecord, LOCAL_KEYS, type ProfileSecrets } from './schema.ts';
import { safetyNumberOf } from './views.ts';
import { type Operations, queued } from './operation.ts';

/** A new identity record (a random key pair, made now). */
export function freshIdentities(ctx: Pick<VaultContext, 'random' | 'now'>, retired: IdentitiesRecord['retired'] = []): IdentitiesRecord {
  const pair = newIdentity(ctx.random(32));
  const current = { privateKey: toBase64(pair.privateKey), publicKey: toBase64(pair.publicKey), createdAt: ctx.now() };
  pair.privateKey.fill(0);
  return { current, retired };
}

function openSecrets(ready: Ready): { secrets: ProfileSecrets; key: Uint8Array } {
  const { profile, unlocked } = ready;
  const key = unlocked.history.keys.get(profile.historyKeys.current);
  if (!key || profile.sealed === undefined) throw new VaultError('corrupt-storage', "The profile's keys are missing.");
  return { secrets: openProfileSecrets(profile.sealed, key), key };
}

/** Retired identities the profile's secrets hold (`checkIdentities` refuses more when it reads them). */
const MAX_RETIRED = 100;

/**
 * `identities` with at most {@link MAX_RETIRED} retired key pairs: those a contact chat of
 * `uses` still names first, then the newest others. Without the cut, the 101st "New identity"
 * (or a restore adding a backup's identities) sealed secrets the store refuses to read back, and
 * the profile never unlocked again. A key no chat names only made an old card of ours count as
 * "your own card"; one a chat names must stay, or that chat could no longer read or write.
 * @throws {VaultError} `invalid-input`, before anything is written, when chats name more
 */
function boundRetired(identities: IdentitiesRecord, uses: CatalogRecord): IdentitiesRecord {
  if (identities.retired.length <= MAX_RETIRED) return identities;
  const named = new Set(uses.chats.flatMap((c) => (c.contact ? [c.contact.myPublicKey, ...c.contact.formerPublicKeys] : [])));
  const needed = identities.retired.filter((p) => named.has(p.publicKey)).length;
  if (needed > MAX_RETIRED) {
    throw new VaultError('invalid-input', `Your contact chats use ${needed} of your earlier identities; a profile keeps at most ${MAX_RETIRED}. Delete contact chats you no longer use, then try again. Nothing was changed.`);
  }
  let others = MAX_RETIRED - needed;
  const retired = identities.retired.filter((p) => named.has(p.publicKey) || others-- > 0);
  return { ...identities, retired };
}

/**
 * Writes the profile's identities (sealed with its other secrets), with `more` in the same write.
 * `uses`: the catalog whose contact chats' keys must be kept (by default the one written).
 */
async function writeIdentities(
  ctx: VaultContext,
  ready: Ready,
  all: IdentitiesRecord,
  more: Record<string, unknown> = {},
  catalog = ready.head.catalog,
  uses: CatalogRecord = catalog,
): Promise<Ready> {
  const identities = boundRetired(all, uses);
  const { secrets, key } = openSecrets(ready);
  const profile = { ...ready.profile, sealed: sealProfileSecrets(key, { ...secrets, identity: identities }, ctx.random) };
  assertStillUnlocked(ctx, ready.unlocked);
  const head = { ...ready.head, profile, catalog };
  await ctx.local.commit({ [LOCAL_KEYS.profile]: profile, ...more }, head);
  return { ...ready, head, profile };
}

/**
 * The profile's identities; a profile made before identities existed gets its key pair now, the
 * first time one is needed (one write).
 */
export async function identitiesOf(ctx: VaultContext, ready: Ready): Promise<{ ready: Ready; identities: IdentitiesRecord }> {
  const existing = openSecrets(ready).secrets.identity;
  if (existing) return { ready, identities: existing };
  const identities = freshIdentities(ctx);
  return { ready: await writeIdentities(ctx, ready, identities), identities };
}

/** The private key of one of the profile's identities, by its public key (a copy: the caller wipes it). */
export function privateKeyFor(identities: IdentitiesRecord, publicKey: string): Uint8Array {
  const pair = [identities.current, ...identities.retired].find((p) => p.publicKey === publicKey);
  if (!pair) throw new VaultError('corrupt-storage', 'The identity a contact chat was made with is missing.');
  return fromBase64(pair.privateKey);
}

/** Opens the identities without making any (reading pointers must not write). */
export function knownIdentities(ready: Ready): IdentitiesRecord | undefined {
  return openSecrets(ready).secrets.identity;
}

/**
 * Contact chats' keys for this unlock: derived once per pair of keys and kept in memory; the
 * profile's identities are opened only when a key is not known yet.
 */
export function contactKeys(ctx: VaultContext, ready: Ready): (chat: ChatRecord & { readonly contact: ContactRecord }, myPublicKey: string) => Uint8Array {
  let identities: IdentitiesRecord | undefined;
  return (chat, myPublicKey) =>
    ctx.secrets.contactKey(myPublicKey, chat.contact.theirPublicKey, () => {
      identities ??= knownIdentities(ready);
      if (!identities) throw new VaultError('corrupt-storage', 'The identity your contact chats were made with is missing.');
      return privateKeyFor(identities, myPublicKey);
    });
}

function cardName(username: string): string {
  try {
    return cleanCardName(username);
  } catch {
    // A CLM name may be longer than a card carries, or hold what a card refuses: cut to the limit.
    let name = '';
    for (const c of username.normalize('NFC').trim()) {
      if (c < ' ' || c === '\u007f') continue;
      if (utf8(name + c).length > MAX_CARD_NAME_BYTES) break;
      name += c;
    }
    try {
      return cleanCardName(name.replace(/: /g, ' '));
    } catch {
      return 'CLM user';
    }
  }
}

/** This profile's contact card: public, safe to post anywhere. */
export async function myCard(ctx: VaultContext): Promise<{ card: string; name: string }> {
  const { identities, ready } = await identitiesOf(ctx, await requireUnlocked(ctx));
  const name = cardName(ready.unlocked.username);
  return { card: formatCard({ name, publicKey: fromBase64(identities.current.publicKey) }), name };
}

/** A name as it looks: compatibility forms folded, invisible characters dropped, case ignored. */
const lookAlike = (name: string): string => name.normalize('NFKC').replace(/\p{Default_Ignorable_Code_Point}/gu, '').toLowerCase().trim();

function readCard(text: string) {
  try {
    return parseCard(text);
  } catch (error) {
    if (error instanceof CardError) throw new VaultError('invalid-input', error.message);
    throw error;
  }
}

/**
 * Adds a contact from their card: a chat whose key both sides derive from the two cards alone.
 * @throws {VaultError} `invalid-input` for junk, a damaged or altered card, your own card, or a
 *   contact you have already
 */
export async function addContact(ctx: VaultContext, input: { card: string; name?: string | undefined }): Promise<ChatView> {
  const card = readCard(input.card);
  const { ready, identities } = await identitiesOf(ctx, await requireUnlocked(ctx));
  const mine = [identities.current, ...identities.retired].some((p) => samePublicKey(fromBase64(p.publicKey), card.publicKey));
  if (mine) throw new VaultError('invalid-input', 'That is your own card. Give it to the other person, and add theirs here.');
  const theirs = toBase64(card.publicKey);
  const known = ready.head.catalog.chats.find((c) => c.contact?.theirPublicKey === theirs);
  if (known) throw new VaultError('invalid-input', `You already have this contact: “${known.name}”.`);
  const given = input.name?.trim();
  // The name on a card is its owner's choice. Unchecked, a stranger's card named like a chat or
  // contact of ours ("bob" + a zero-width space, "Bob", full-width "ｂｏｂ") would sit in the list
  // as a look-alike of it; the person names it instead (a name they type is theirs to choose).
  if (given === undefined || given === '') {
    const clash = ready.head.catalog.chats.find((c) => lookAlike(c.name) === lookAlike(card.name));
    if (clash) throw new VaultError('invalid-input', `You already have a chat named “${clash.name}”, and this card’s name looks the same. Give this contact a name of your own.`);
  }
  const chat = await addChat(ctx, ready, {
    name: cleanChatName(given === undefined || given === '' ? card.name : given),
    format: 'sealed2',
    contact: { theirPublicKey: theirs, myPublicKey: identities.current.publicKey, formerPublicKeys: [], verified: false },
  });
  return viewOf(ctx, ready, chat);
}

/** Marks a contact chat's safety number as compared (or not). */
export async function setContactVerified(ctx: VaultContext, input: { chatId: string; verified: boolean; safetyNumber?: string | undefined }): Promise<ChatView> {
  const ready = await requireUnlocked(ctx);
  const chat = findChat(ready.head, input.chatId);
  if (!chat.contact) throw new VaultError('invalid-input', 'Only a contact chat has a safety number.');
  if (input.verified) {
    // "Verified" vouches for the number the person compared: if a New identity (in another
    // window, say) changed it since it was shown, the tick would vouch for one nobody saw.
    const now = safetyNumberOf(chat.contact);
    const digits = (s: string) => s.replace(/\s+/g, '');
    if (input.safetyNumber === undefined || digits(input.safetyNumber) !== digits(now)) {
      throw new VaultError('invalid-input', 'The safety number has changed since it was shown (a new identity): compare the number shown now, then mark it verified.');
    }
  }
  const next: ChatRecord = { ...chat, contact: { ...chat.contact, verified: input.verified } };
  const catalog = replaceChat(ready.head.catalog, next);
  await ctx.local.commit({ [LOCAL_KEYS.catalog]: catalog }, { ...ready.head, catalog });
  return viewOf(ctx, ready, next);
}

/**
 * A new key pair for the profile. Contact chats write with it from now on, and keep the old one
 * to read what was written to it; each contact needs the new card (their safety number changes).
 * Profile and chats change in one write.
 */
export async function replaceIdentity(ctx: VaultContext): Promise<{ card: string; name: string }> {
  const { ready, identities } = await identitiesOf(ctx, await requireUnlocked(ctx));
  const next = freshIdentities(ctx, [identities.current, ...identities.retired]);
  const chats = ready.head.catalog.chats.map((c) =>
    c.contact
      ? {
          ...c,
          contact: {
            ...c.contact,
            myPublicKey: next.current.publicKey,
            formerPublicKeys: [c.contact.myPublicKey, ...c.contact.formerPublicKeys].slice(0, 100),
            verified: false,
            needsMyNewCard: true,
          },
        }
      : c,
  );
  const catalog = { ...ready.head.catalog, chats };
  await writeIdentities(ctx, ready, next, { [LOCAL_KEYS.catalog]: catalog }, catalog);
  const name = cardName(ready.unlocked.username);
  return { card: formatCard({ name, publicKey: fromBase64(next.current.publicKey) }), name };
}

/**
 * Takes a restored backup's identities in: on a new profile they become its own; otherwise they
 * are kept as retired ones, so that the backup's contact chats still open their pointers.
 */
export async function adoptIdentities(ctx: VaultContext, ready: Ready, restored: IdentitiesRecord, fresh: boolean, uses?: CatalogRecord): Promise<Ready> {
  if (fresh) return writeIdentities(ctx, ready, restored);
  const { identities } = await identitiesOf(ctx, ready);
  const have = new Set([identities.current, ...identities.retired].map((p) => p.publicKey));
  const more = [restored.current, ...restored.retired].filter((p) => !have.has(p.publicKey));
  if (more.length === 0) return ready;
  const now = await requireUnlocked(ctx);
  // `uses`: the catalog with the backup's chats, which is written after this (they need these keys).
  return writeIdentities(ctx, now, { ...identities, retired: [...identities.retired, ...more] }, {}, now.head.catalog, uses ?? now.head.catalog);
}

export const contactOperations = {
  // Queued: the first card of a profile made before contacts existed writes its identity.
  getMyCard: queued(myCard),
  addContact: queued(addContact),
  setContactVerified: queued(setContactVerified),
  newIdentity: queued(replaceIdentity),
} satisfies Operations;
