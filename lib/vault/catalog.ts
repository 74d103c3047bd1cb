/**
 * The chats: creating them (with CLM's numbering, a number of CLM's choosing, from an invite, or
 * for a pointer whose chat is missing), renaming, their format, CLM number and phrase, sharing,
 * clearing and deleting. Chat records live in `storage.local`; each change is one write.
 * @module
 */
import { defaultSeedSuffix, nextChatId } from '../clm/format.ts';
import { createInvite, createInviteV2, InviteError, parseAnyInvite } from '../invites/invite.ts';
import { type ChatFormat, LIMITS, type PhraseKind } from '../wire/limits.ts';
import { fromBase64, toBase64 } from '../encoding/bytes.ts';
import { deriveSealedRoot, ROOT_SALT_BYTES } from '../sealed/v1.ts';
import type { ChatView } from '../wire/views.ts';
import { ChatSecrets } from './chat-secrets.ts';
import { type Ready, requireUnlocked, type VaultContext } from './context.ts';
import { VaultError } from './errors.ts';
import { cleanChatName, cleanNewPhrase, cleanPhrase } from './input.ts';
import { type CatalogRecord, type ChatRecord, type ContactRecord, LOCAL_KEYS } from './schema.ts';
import { wireIdOf } from './resolve.ts';
import type { Head } from './store.ts';
import { verifyProfilePhrase } from './verify.ts';
import { chatRef, chatView, compareChatIds, strandedRef } from './views.ts';
import { immediate, type Operations, queued } from './operation.ts';

export function findChat(head: Head, chatId: string): ChatRecord {
  const chat = head.catalog.chats.find((c) => c.id === chatId);
  if (!chat) throw new VaultError('not-found', 'That chat does not exist (any more).');
  return chat;
}

/** The catalog with `chat` in place of the chat of the same id. */
export function replaceChat(catalog: CatalogRecord, chat: ChatRecord): CatalogRecord {
  return { ...catalog, chats: catalog.chats.map((c) => (c.id === chat.id ? chat : c)) };
}

/** A chat's view with its counts (from its directory alone). */
export async function viewOf(ctx: VaultContext, ready: Ready, chat: ChatRecord): Promise<ChatView> {
  const dirs = await ctx.history.directories(ready.unlocked.history, [chatRef(chat)]);
  return chatView(chat, dirs.get(chatRef(chat)));
}

/** Chats with their counts, in CLM's order. */
export async function listChats(ctx: VaultContext): Promise<ChatView[]> {
  const ready = await requireUnlocked(ctx);
  const chats = [...ready.head.catalog.chats].sort((a, b) => compareChatIds(a.id, b.id));
  const dirs = await ctx.history.directories(ready.unlocked.history, chats.map(chatRef));
  return chats.map((chat) => chatView(chat, dirs.get(chatRef(chat))));
}

/** The chats' names for the locked screen — only if the person chose to see them there. */
export async function listChatNames(ctx: VaultContext): Promise<{ names: string[] | null }> {
  const head = await ctx.local.head();
  if (!head.profile) throw new VaultError('no-profile', 'Create a profile first.');
  if (!head.settings.chatNamesWhenLocked) return { names: null };
  return { names: [...head.catalog.chats].sort((a, b) => compareChatIds(a.id, b.id)).map((c) => c.name) };
}

/**
 * Refuses a CLM number that another chat on the profile phrase already has: a pointer with that
 * number could then be either chat's. (Chats with phrases of their own may share a number: two
 * CLM groups each have a chat 3.)
 */
function assertClmIdFree(catalog: CatalogRecord, clmId: string, phrase: PhraseKind, except?: string): void {
  const clash = catalog.chats.find((c) => c.id !== except && wireIdOf(c) === clmId && c.phrase === 'master' && phrase === 'master');
  if (clash) throw new VaultError('invalid-input', `Your chat “${clash.name}” already has CLM number ${clmId}.`);
}

interface NewChat {
  readonly name: string;
  readonly seedSuffix?: string | undefined;
  readonly format: ChatFormat;
  readonly phrase?: string | undefined;
  /** The random salt of the phrase's sealed root; absent with a phrase: a new one (an invite of version 1 carries none: unsalted). */
  readonly rootSalt?: Uint8Array | null | undefined;
  /** The chat's CLM number; absent: CLM's next number. */
  readonly clmId?: string | undefined;
  /** A contact chat: the two public keys (no phrase). */
  readonly contact?: ContactRecord | undefined;
}

/** Adds a chat (and its own phrase, with its sealed root) in one write. */
export async function addChat(ctx: VaultContext, ready: Ready, spec: NewChat): Promise<ChatRecord> {
  const { head, unlocked } = ready;
  if (head.catalog.chats.length >= LIMITS.chats) throw new VaultError('invalid-input', `At most ${LIMITS.chats} chats.`);
  const own = spec.phrase === undefined ? undefined : cleanPhrase(spec.phrase);
  const taken = head.catalog.chats.flatMap((c) => (c.wireId === undefined ? [c.id] : [c.id, c.wireId]));
  let id: string;
  let wireId: string | undefined;
  if (spec.clmId === undefined) id = nextChatId(taken);
  else {
    const clmId = spec.clmId.trim();
    if (clmId === '') throw new VaultError('invalid-input', 'Enter the chat’s number in CLM.');
    assertClmIdFree(head.catalog, clmId, own === undefined ? 'master' : 'own');
    if (head.catalog.chats.some((c) => c.id === clmId)) {
      id = nextChatId(taken);
      wireId = clmId;
    } else id = clmId;
  }
  const suffix = spec.seedSuffix?.trim();
  const chat: ChatRecord = {
    id,
    name: cleanChatName(spec.name),
    seedSuffix: suffix === undefined || suffix === '' ? defaultSeedSuffix(wireId ?? id) : suffix,
    createdAt: ctx.now(),
    format: spec.format,
    phrase: spec.contact ? 'contact' : own === undefined ? 'master' : 'own',
    serial: head.catalog.nextSerial,
    ...(wireId !== undefined && { wireId }),
    ...(spec.contact && { contact: spec.contact }),
  };
  const catalog: CatalogRecord = { ...head.catalog, chats: [...head.catalog.chats, chat], nextSerial: head.catalog.nextSerial + 1 };
  const items: Record<string, unknown> = { [LOCAL_KEYS.catalog]: catalog };
  let chatSecrets = head.chatSecrets;
  if (own !== undefined) {
    // The phrase's scrypt is paid once, now; unlocking never pays it again. A new chat's root is
    // salted at random (the salt travels in its invite), so that no one table of derived keys
    // serves against every sealed pointer; a chat joined by an old invite keeps the fixed salt.
    const salt = spec.rootSalt === undefined ? ctx.random(ROOT_SALT_BYTES) : (spec.rootSalt ?? undefined);
    const root = await deriveSealedRoot(own, salt);
    const all = ctx.secrets.open(head.chatSecrets, unlocked);
    // A new chat has no earlier period: its phrase holds for every epoch (messages its members
    // sent before this profile joined included).
    const entry = { phrases: [{ phrase: own, root: toBase64(root), ...(salt && { salt: toBase64(salt) }) }], periods: [{ from: null, use: 1 }] };
    chatSecrets = ChatSecrets.seal(unlocked, { ...all, [chat.id]: entry }, ctx.random);
    items[LOCAL_KEYS.chatSecrets] = chatSecrets;
  }
  await ctx.local.commit(items, { ...head, catalog, chatSecrets });
  return chat;
}

/**
 * Creates a chat with CLM's next number, or the number it has in CLM (`clmId`); the seed suffix
 * defaults to `chat_<number>`. With `phrase`, the chat uses a phrase only its members know.
 */
export async function createChat(ctx: VaultContext, input: NewChat & { readonly weakPhraseAccepted?: boolean | undefined }): Promise<ChatView> {
  const ready = await requireUnlocked(ctx);
  if (input.phrase !== undefined) cleanNewPhrase(input.phrase, input.weakPhraseAccepted);
  return viewOf(ctx, ready, await addChat(ctx, ready, input));
}

/**
 * Creates the chat an invite describes. Its id is the invite's when free here; otherwise it
 * gets the next id and keeps the invite's for pointers.
 * @throws {VaultError} `invalid-input` for an unreadable invite, or a chat already added
 */
export async function addChatFromInvite(ctx: VaultContext, input: { invite: string; phrase?: string | undefined }): Promise<ChatView> {
  const ready = await requireUnlocked(ctx);
  let invite;
  try {
    invite = parseAnyInvite(input.invite);
  } catch (error) {
    if (error instanceof InviteError) throw new VaultError('invalid-input', error.message);
    throw error;
  }
  if (invite.phrase === 'own' && input.phrase === undefined) {
    throw new VaultError('invalid-input', 'This chat has a phrase of its own: enter the phrase its members gave you.');
  }
  const phrase = input.phrase === undefined ? undefined : cleanPhrase(input.phrase);
  const all = ctx.secrets.open(ready.head.chatSecrets, ready.unlocked);
  const same = ready.head.catalog.chats.find(
    (c) =>
      wireIdOf(c) === invite.chatId &&
      c.seedSuffix === invite.seedSuffix &&
      (phrase === undefined ? c.phrase === 'master' : c.phrase === 'own' && ChatSecrets.current(all, c, ready.unlocked).phrase === phrase),
  );
  if (same) throw new VaultError('invalid-input', `You already have this chat: “${same.name}”.`);
  const chat = await addChat(ctx, ready, {
    name: invite.name,
    seedSuffix: invite.seedSuffix,
    format: invite.format,
    phrase,
    clmId: invite.chatId,
    // Version 2 carries the salt of the chat's root; version 1 chats have the fixed one. All zeros
    // is how chatInvite says "the fixed salt" (a chat whose own phrase came before salts, or was
    // set later, now sealed v2): read as a salt of zeros, it gave the joiner another root, so a
    // key no other member has. 16 random bytes are all zero with probability 2^-128.
    rootSalt: invite.version === 2 && invite.phrase === 'own' && invite.rootSalt.some((b) => b !== 0) ? invite.rootSalt : null,
  });
  return viewOf(ctx, ready, chat);
}

/**
 * Adds the chat a pointer names by its CLM number. Messages already discovered for that number
 * (stranded: opened with the profile phrase and `chat_<number>`) move into it when the new chat
 * is that chat: the profile phrase and the suffix `chat_<number>`.
 */
export async function addChatForPointer(
  ctx: VaultContext,
  input: { clmId: string; name: string; seedSuffix?: string | undefined; phrase?: string | undefined },
): Promise<{ chat: ChatView; moved: number }> {
  const ready = await requireUnlocked(ctx);
  const chat = await addChat(ctx, ready, { name: input.name, seedSuffix: input.seedSuffix, format: 'clm', phrase: input.phrase, clmId: input.clmId });
  const state = await ctx.history.state(ready.unlocked.history);
  let moved = 0;
  if (chat.phrase === 'master' && chat.seedSuffix === defaultSeedSuffix(input.clmId.trim()) && state.stranded.includes(wireIdOf(chat))) {
    moved = await ctx.history.move(ready.unlocked.history, strandedRef(wireIdOf(chat)), chatRef(chat), (s) => ({
      ...s,
      stranded: s.stranded.filter((x) => x !== wireIdOf(chat)),
    }));
  }
  return { chat: await viewOf(ctx, ready, chat), moved };
}

const NOT_FOR_CONTACTS = 'A contact chat is between you and one person, with the key your two cards agree: it has no phrase, number or invite to change. Share your card instead.';

function assertNotContact(chat: ChatRecord): void {
  if (chat.phrase === 'contact') throw new VaultError('invalid-input', NOT_FOR_CONTACTS);
}

async function changeChat(ctx: VaultContext, chatId: string, change: (chat: ChatRecord, ready: Ready) => ChatRecord): Promise<ChatView> {
  const ready = await requireUnlocked(ctx);
  const chat = change(findChat(ready.head, chatId), ready);
  const catalog = replaceChat(ready.head.catalog, chat);
  await ctx.local.commit({ [LOCAL_KEYS.catalog]: catalog }, { ...ready.head, catalog });
  return viewOf(ctx, ready, chat);
}

export const renameChat = (ctx: VaultContext, input: { chatId: string; name: string }) =>
  changeChat(ctx, input.chatId, (chat) => ({ ...chat, name: cleanChatName(input.name) }));

/** How a chat's new messages are sent; messages already sent keep their format. */
export const setChatFormat = (ctx: VaultContext, input: { chatId: string; format: ChatFormat }) =>
  changeChat(ctx, input.chatId, (chat) => {
    assertNotContact(chat);
    return { ...chat, format: input.format };
  });

/** The chat's number in CLM (the `c` of its pointers from now on). */
export const setChatClmId = (ctx: VaultContext, input: { chatId: string; clmId: string }) =>
  changeChat(ctx, input.chatId, (chat, { head }) => {
    assertNotContact(chat);
    const clmId = input.clmId.trim();
    if (clmId === '') throw new VaultError('invalid-input', 'Enter the chat’s number in CLM.');
    assertClmIdFree(head.catalog, clmId, chat.phrase, chat.id);
    const { wireId: _old, ...rest } = chat;
    return clmId === chat.id ? rest : { ...rest, wireId: clmId };
  });

/**
 * Gives a chat a new phrase of its own (or, without one, the profile's again) from this second
 * on. Only new messages use it; what came before under earlier phrases stays readable, and an
 * earlier phrase opens only pointers from before this second.
 */
export async function setChatPhrase(ctx: VaultContext, input: { chatId: string; phrase?: string | undefined; weakPhraseAccepted?: boolean | undefined }): Promise<ChatView> {
  const ready = await requireUnlocked(ctx);
  const { head, unlocked } = ready;
  const found = findChat(head, input.chatId);
  assertNotContact(found);
  const all = ctx.secrets.open(head.chatSecrets, unlocked);
  const entry = ChatSecrets.entry(all, found.id);
  const current = ChatSecrets.current(all, found, unlocked);
  const own = input.phrase === undefined ? undefined : cleanNewPhrase(input.phrase, input.weakPhraseAccepted);
  if ((own === undefined && current.use === 0) || (own !== undefined && current.use !== 0 && current.phrase === own)) {
    throw new VaultError('invalid-input', 'The chat already uses this phrase.');
  }
  let phrase: { phrase: string; root: Uint8Array; salt?: Uint8Array | undefined } | undefined;
  if (own !== undefined) {
    const known = entry.phrases.find((p) => p.phrase === own);
    if (known) phrase = { phrase: own, root: fromBase64(known.root) };
    else {
      // The salt is the chat's, chosen at random when it was made and given in its invite: every
      // member who moves to the new phrase derives the same root. A chat from before salts (or
      // that never had a phrase of its own) keeps the fixed salt, as its members' extensions do.
      const chatSalt = entry.phrases.find((p) => p.salt !== undefined)?.salt;
      const salt = chatSalt === undefined ? undefined : fromBase64(chatSalt);
      phrase = { phrase: own, root: await deriveSealedRoot(own, salt), salt };
    }
  }
  // From the next second: a pointer of this very second may still be under the old phrase.
  const next = ChatSecrets.withPeriod(entry, phrase, Math.floor(ctx.now() / 1000) + 1);
  const chat: ChatRecord = { ...found, phrase: own === undefined ? 'master' : 'own' };
  const catalog = replaceChat(head.catalog, chat);
  const chatSecrets = ChatSecrets.seal(unlocked, { ...all, [chat.id]: next }, ctx.random);
  await ctx.local.commit({ [LOCAL_KEYS.catalog]: catalog, [LOCAL_KEYS.chatSecrets]: chatSecrets }, { ...head, catalog, chatSecrets });
  return viewOf(ctx, ready, chat);
}

/**
 * Shows a chat's own phrase — only to someone who types the profile's phrase again.
 * @throws {VaultError} `wrong-phrase`, `throttled`, `not-found`, `invalid-input` (no own phrase)
 */
export async function revealChatPhrase(ctx: VaultContext, input: { chatId: string; masterPhrase: string }): Promise<{ phrase: string }> {
  const { head, unlocked, profile } = await requireUnlocked(ctx);
  const chat = findChat(head, input.chatId);
  if (chat.phrase !== 'own') throw new VaultError('invalid-input', 'This chat uses your profile phrase; it has none of its own.');
  (await verifyProfilePhrase(ctx, profile, input.masterPhrase, 'That is not your profile phrase.')).wrapKey.fill(0);
  return { phrase: ChatSecrets.current(ctx.secrets.open(head.chatSecrets, unlocked), chat, unlocked).phrase };
}

/**
 * The invite text of a chat: its CLM number, name, seed suffix, format and phrase kind — never the
 * phrase. Version 2 (which older versions refuse as "newer") where version 1 cannot say it all: a
 * salted root, or sealed pointers of version 2.
 */
export async function chatInvite(ctx: VaultContext, input: { chatId: string }): Promise<{ invite: string }> {
  const { head, unlocked } = await requireUnlocked(ctx);
  const chat = findChat(head, input.chatId);
  assertNotContact(chat);
  const phrase = chat.phrase === 'own' ? 'own' : 'master';
  const fields = { chatId: wireIdOf(chat), name: chat.name, seedSuffix: chat.seedSuffix, phrase } as const;
  const entry = ChatSecrets.entry(ctx.secrets.open(head.chatSecrets, unlocked), chat.id);
  const salt = phrase === 'own' ? entry.phrases.at((entry.periods.at(-1)?.use ?? 0) - 1)?.salt : undefined;
  try {
    if (chat.format === 'sealed2' || salt !== undefined) {
      return { invite: createInviteV2({ ...fields, format: chat.format, rootSalt: salt === undefined ? new Uint8Array(ROOT_SALT_BYTES) : fromBase64(salt) }) };
    }
    return { invite: createInvite({ ...fields, format: chat.format }) };
  } catch (error) {
    if (error instanceof InviteError) throw new VaultError('invalid-input', error.message);
    throw error;
  }
}

/** Deletes every message of a chat (CLM's "clear history": permanent, the trash included). */
export async function clearChatHistory(ctx: VaultContext, input: { chatId: string }): Promise<ChatView> {
  const ready = await requireUnlocked(ctx);
  const chat = findChat(ready.head, input.chatId);
  await ctx.history.drop(ready.unlocked.history, [chatRef(chat)]);
  return viewOf(ctx, ready, chat);
}

/**
 * Deletes a chat and all its messages: its history first (one write), then the chat and its
 * phrases (one write). A stop between leaves an empty chat, never messages without a chat.
 */
export async function deleteChat(ctx: VaultContext, input: { chatId: string }): Promise<{ deletedMessages: number }> {
  const ready = await requireUnlocked(ctx);
  const chat = findChat(ready.head, input.chatId);
  const deletedMessages = await ctx.history.drop(ready.unlocked.history, [chatRef(chat)]);
  await ctx.checkpoint('delete-chat:history-dropped');
  const head = await ctx.local.head();
  const catalog = { ...head.catalog, chats: head.catalog.chats.filter((c) => c.id !== chat.id) };
  const items: Record<string, unknown> = { [LOCAL_KEYS.catalog]: catalog };
  let chatSecrets = head.chatSecrets;
  const all = ctx.secrets.open(head.chatSecrets, ready.unlocked);
  if (Object.hasOwn(all, chat.id)) {
    const { [chat.id]: _dropped, ...rest } = all;
    chatSecrets = ChatSecrets.seal(ready.unlocked, rest, ctx.random);
    items[LOCAL_KEYS.chatSecrets] = chatSecrets;
  }
  await ctx.local.commit(items, { ...head, catalog, chatSecrets });
  return { deletedMessages };
}

export const catalogOperations = {
  listChats: immediate(listChats),
  listChatNames: immediate(listChatNames),
  // A new chat is sealed unless asked otherwise: CLM's format is for talking with CLM.
  createChat: queued((ctx, input) => createChat(ctx, { ...input, format: input.format ?? 'sealed' })),
  addChatFromInvite: queued(addChatFromInvite),
  addChatForPointer: queued(addChatForPointer),
  renameChat: queued(renameChat),
  setChatFormat: queued(setChatFormat),
  setChatClmId: queued(setChatClmId),
  setChatPhrase: queued(setChatPhrase),
  revealChatPhrase: queued(revealChatPhrase),
  getChatInvite: immediate(chatInvite),
  clearChatHistory: queued(clearChatHistory),
  deleteChat: queued(deleteChat),
} satisfies Operations;
