/**
 * Messages: sending (never a keystream twice), discovering (one pointer, or many in one pass and
 * one write), history pages and search, and the trash.
 * @module
 */
import { fromBase32 } from '../encoding/base32.ts';
import { ClmInputError, createPointer, defaultSeedSuffix, parsePointer } from '../clm/format.ts';
import { PointerError, type PointerErrorCode } from '../clm/errors.ts';
import { extractPointers } from '../text/extract.ts';
import { CLM_TERMINAL_POINTER_CHARS } from '../wire/limits.ts';
import { pythonStrip } from '../encoding/python-text.ts';
import { createSealedPointer, SEALED_PREFIX } from '../sealed/v1.ts';
import { SEALED_V2_PREFIX, sealV2 } from '../sealed/v2.ts';
import type { DiscoveryResultView, MessagePage, MessageView, SentView } from '../wire/views.ts';
import { immediate, type Operations, queued } from './operation.ts';
import { findChat } from './catalog.ts';
import { ChatSecrets } from './chat-secrets.ts';
import { assertStillUnlocked, type Ready, requireUnlocked, type VaultContext } from './context.ts';
import { VaultError } from './errors.ts';
import type { HistoryState } from './history/directory.ts';
import type { Located, NewMessage } from './history/history.ts';
import { parseAnyPointer, resolvePointer, UnopenedPointer, VIA_CONTACT_KEY, wireIdOf } from './resolve.ts';
import { contactKeys } from './contacts.ts';
import { LOCAL_KEYS } from './schema.ts';
import { chatRef, messageView, strandedRef } from './views.ts';

/** A received CLM pointer raises the used-epoch mark only if it is no further ahead of the clock than this. */
const NEAR_FUTURE_S = 300;
/** The last second a CLM pointer can name (JavaScript's safe integers; CLM's own limit is larger). */
const MAX_CLM_EPOCH = Number.MAX_SAFE_INTEGER;

/** Turns stored messages into views for this unlock. */
function viewer(ctx: VaultContext, { head, unlocked }: Ready): (located: Located) => MessageView {
  const chats = new Map(head.catalog.chats.map((c) => [chatRef(c), c]));
  const all = ctx.secrets.open(head.chatSecrets, unlocked);
  return (located) => {
    const chat = chats.get(located.ref) ?? null;
    return messageView(located, chat, chat ? ChatSecrets.current(all, chat, unlocked).use : null);
  };
}

/** Every history ref of the profile: its chats', and the stranded CLM ids'. */
async function allRefs(ctx: VaultContext, { head, unlocked }: Ready): Promise<string[]> {
  const state = await ctx.history.state(unlocked.history);
  return [...head.catalog.chats.map(chatRef), ...state.stranded.map(strandedRef)];
}

const raiseMark = (s: HistoryState, suffix: string, epoch: number): HistoryState => ({
  ...s,
  hwm: { ...s.hwm, [suffix]: Math.max(s.hwm[suffix] ?? Number.MIN_SAFE_INTEGER, epoch) },
});

/**
 * The first second from `from` on that no stored CLM pointer of this seed suffix used. The mark
 * covers every second up to the last one used nearby; a pointer far ahead of the clock (a writer
 * whose clock was wrong, or CLM's own sent pointer from such a clock) raises no mark, lest it stop
 * every send until then — so when the clock gets there, its second is found here and skipped.
 */
async function firstFreeSecond(ctx: VaultContext, { head, unlocked }: Ready, suffix: string, from: number, stranded: readonly string[]): Promise<number> {
  const refs = [
    ...head.catalog.chats.filter((c) => c.seedSuffix === suffix).map(chatRef),
    ...stranded.filter((id) => defaultSeedSuffix(id) === suffix).map(strandedRef),
  ];
  let epoch = from;
  for (let tries = 0; tries < 100_000; tries++) {
    if (epoch > MAX_CLM_EPOCH) break;
    let used = false;
    for (const ref of refs) {
      if (await ctx.history.findAt(unlocked.history, ref, epoch, (m) => m.format === 'clm')) {
        used = true;
        break;
      }
    }
    if (!used) return epoch;
    epoch++;
  }
  throw new VaultError('invalid-input', 'This chat cannot send in CLM’s format any more: every second left is taken by pointers from far in the future. Switch the chat to sealed pointers to go on.');
}

/**
 * Encrypts `text` for the chat in its format and saves it as sent. A CLM 2.0.1 pointer goes at the
 * current second, or after the last second a pointer of the same seed suffix used — a mark that
 * no delete lowers, so no keystream is ever used twice. A sealed pointer: the current second and
 * a random nonce.
 * @throws {VaultError} `locked`, `not-found`, `invalid-input`, `message-too-long`, storage errors
 */
export async function send(ctx: VaultContext, input: { chatId: string; text: string }): Promise<SentView> {
  const ready = await requireUnlocked(ctx);
  const { head, unlocked } = ready;
  const chat = findChat(head, input.chatId);
  // CLM strips what is typed and refuses an empty message.
  const text = pythonStrip(input.text);
  if (text === '') throw new VaultError('invalid-input', 'Write a message first.');
  const secret = ChatSecrets.current(ctx.secrets.open(head.chatSecrets, unlocked), chat, unlocked);
  const now = ctx.now();
  let epoch = Math.floor(now / 1000);
  let pointer: string;
  let data: Uint8Array;
  try {
    if (chat.format === 'sealed2') {
      const key = chat.contact ? contactKeys(ctx, ready)({ ...chat, contact: chat.contact }, chat.contact.myPublicKey) : ctx.secrets.chatKey(secret.root, chat.seedSuffix);
      pointer = sealV2({ key, epoch, sender: unlocked.username, text, nonce: ctx.random(24) });
      const bytes = fromBase32(pointer.slice(SEALED_V2_PREFIX.length));
      if (!(bytes instanceof Uint8Array)) throw new VaultError('corrupt-storage', 'A sealed pointer did not read back.');
      data = bytes;
    } else if (chat.format === 'sealed') {
      const chatKey = ctx.secrets.chatKey(secret.root, chat.seedSuffix);
      pointer = createSealedPointer({ chatKey, username: unlocked.username, chatId: wireIdOf(chat), epoch, text, random: ctx.random });
      const bytes = fromBase32(pointer.slice(SEALED_PREFIX.length));
      if (!(bytes instanceof Uint8Array)) throw new VaultError('corrupt-storage', 'A sealed pointer did not read back.');
      data = bytes;
    } else {
      const state = await ctx.history.state(unlocked.history);
      epoch = await firstFreeSecond(ctx, ready, chat.seedSuffix, Math.max(epoch, (state.hwm[chat.seedSuffix] ?? Number.MIN_SAFE_INTEGER) + 1, state.hwmFloor + 1), state.stranded);
      pointer = createPointer({ phrase: secret.phrase, username: unlocked.username, chatId: wireIdOf(chat), seedSuffix: chat.seedSuffix, epoch, text });
      data = parsePointer(pointer).data;
    }
  } catch (error) {
    if (error instanceof ClmInputError && error.code === 'message-too-long') throw new VaultError('message-too-long', error.message);
    if (error instanceof ClmInputError) throw new VaultError('invalid-input', `This cannot be sent: ${error.message}.`);
    throw error;
  }
  const message: NewMessage = {
    kind: 'sent',
    epoch,
    savedAt: now,
    trashedAt: null,
    format: chat.format,
    via: chat.contact ? VIA_CONTACT_KEY : secret.use,
    wireId: wireIdOf(chat),
    sender: unlocked.username,
    text,
    data,
  };
  const added = (await ctx.history.append(unlocked.history, [{ ref: chatRef(chat), messages: [message] }], (s) =>
    chat.format === 'clm' ? raiseMark(s, chat.seedSuffix, epoch) : s,
  )).at(0);
  if (!added) throw new VaultError('corrupt-storage', 'The message was not saved.');
  return { message: viewer(ctx, ready)(added), pointer, warning: chat.format === 'clm' && pointer.length > CLM_TERMINAL_POINTER_CHARS ? 'clm-terminal' : null };
}

/** What became of one pointer of a discovery. */
export type DiscoverOutcome =
  | { readonly ok: true; readonly message: MessageView; readonly duplicate: boolean }
  | { readonly ok: false; readonly error: string; readonly pointerCode: PointerErrorCode; readonly unknownChatId?: string };

const bytesEqual = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Discovers pointers (either format) with whichever secret can, in one pass: each found once
 * (the same pointer twice, however spaced or cased, is one message), everything new saved in one
 * write. Stops with `locked` if the extension is locked meanwhile; nothing is then saved.
 */
export async function discoverAll(ctx: VaultContext, pointers: readonly string[]): Promise<DiscoverOutcome[]> {
  const ready = await requireUnlocked(ctx);
  const { head, unlocked } = ready;
  const k = unlocked.history;
  const all = ctx.secrets.open(head.chatSecrets, unlocked);
  const resolveContext = {
    chats: head.catalog.chats,
    secrets: all,
    unlocked,
    chatKey: (root: Uint8Array, suffix: string) => ctx.secrets.chatKey(root, suffix),
    contactKey: contactKeys(ctx, ready),
  };
  const nowSec = Math.floor(ctx.now() / 1000);
  const pending = new Map<string, { ref: string; message: NewMessage; outcomes: number[] }>();
  const known: (Located | undefined)[] = [];
  const failures = new Map<number, DiscoverOutcome>();
  const marks = new Map<string, number>();
  const stranded = new Set<string>();
  /** Contact chats that heard from the contact under our new identity: they have our new card. */
  const heardWithNewCard = new Set<string>();
  for (const [i, text] of pointers.entries()) {
    if (i > 0 && i % 16 === 0) {
      await ctx.pause();
      assertStillUnlocked(ctx, unlocked);
    }
    try {
      const p = parseAnyPointer(text);
      const r = resolvePointer(p, resolveContext);
      const ref = r.chat ? chatRef(r.chat) : strandedRef(r.wireId);
      const key = `${ref}\u0000${p.canonical}`;
      const batched = pending.get(key);
      if (batched) {
        batched.outcomes.push(i);
        continue;
      }
      const same = await ctx.history.findAt(k, ref, r.epoch, (m) => m.format === p.format && m.wireId === r.wireId && bytesEqual(m.data, p.data));
      if (same) {
        known[i] = { ref, message: same };
        continue;
      }
      if (!r.chat) stranded.add(r.wireId);
      const suffix = r.chat?.seedSuffix ?? defaultSeedSuffix(r.wireId);
      if (p.format === 'clm' && r.epoch <= nowSec + NEAR_FUTURE_S) marks.set(suffix, Math.max(marks.get(suffix) ?? Number.MIN_SAFE_INTEGER, r.epoch));
      if (r.chat?.contact?.needsMyNewCard === true && r.via === VIA_CONTACT_KEY) heardWithNewCard.add(r.chat.id);
      pending.set(key, {
        ref,
        outcomes: [i],
        message: {
          kind: 'received',
          epoch: r.epoch,
          savedAt: ctx.now(),
          trashedAt: null,
          format: p.format,
          via: r.via,
          wireId: r.wireId,
          sender: r.found.sender,
          text: r.found.text,
          data: p.data,
        },
      });
    } catch (error) {
      if (!(error instanceof PointerError)) throw error;
      failures.set(i, {
        ok: false,
        error: error.message,
        pointerCode: error.code,
        ...(error instanceof UnopenedPointer && error.unknownChatId !== undefined && { unknownChatId: error.unknownChatId }),
      });
    }
  }
  const byRef = new Map<string, NewMessage[]>();
  const order = [...pending.values()];
  for (const p of order) byRef.set(p.ref, [...(byRef.get(p.ref) ?? []), p.message]);
  const added = order.length === 0 ? [] : await ctx.history.append(k, [...byRef].map(([ref, messages]) => ({ ref, messages })), (s) => {
    let next: HistoryState = stranded.size === 0 ? s : { ...s, stranded: [...new Set([...s.stranded, ...stranded])] };
    for (const [suffix, epoch] of marks) next = raiseMark(next, suffix, epoch);
    return next;
  });
  // `append` returns the messages in the order of its batches: ref by ref, each in order.
  const saved = new Map<NewMessage, Located>();
  let at = 0;
  for (const messages of byRef.values()) {
    for (const m of messages) {
      const located = added.at(at++);
      if (located) saved.set(m, located);
    }
  }
  if (heardWithNewCard.size > 0) {
    const now = await ctx.local.head();
    const catalog = {
      ...now.catalog,
      chats: now.catalog.chats.map((c) => (c.contact && heardWithNewCard.has(c.id) ? { ...c, contact: { ...c.contact, needsMyNewCard: false } } : c)),
    };
    await ctx.local.commit({ [LOCAL_KEYS.catalog]: catalog }, { ...now, catalog });
  }
  const view = viewer(ctx, await requireUnlocked(ctx));
  const outcomes: DiscoverOutcome[] = pointers.map((_, i) => failures.get(i) ?? { ok: false, error: 'Not read.', pointerCode: 'not-a-pointer' });
  for (const [i, located] of known.entries()) if (located) outcomes[i] = { ok: true, message: view(located), duplicate: true };
  for (const p of order) {
    const located = saved.get(p.message);
    if (!located) continue;
    p.outcomes.forEach((i, n) => (outcomes[i] = { ok: true, message: view(located), duplicate: n > 0 }));
  }
  return outcomes;
}

/**
 * Discovers one pointer and saves it as received (the second time: the saved message, with
 * `duplicate`).
 * @throws {VaultError} `locked`, `bad-pointer` (with `pointerCode`, and `unknownChatId` when no
 *   chat has the CLM id it names), storage errors
 */
export async function discover(ctx: VaultContext, input: { pointer: string }): Promise<{ message: MessageView; duplicate: boolean }> {
  // What the menus read, this reads: a pointer among prose, with smart quotes, `clm1 : …`. Text
  // that holds not exactly one pointer is read as it is, for the precise reason it is not one.
  const found = extractPointers(input.pointer).found;
  const only = found.length === 1 ? found.at(0) : undefined;
  const outcome = (await discoverAll(ctx, [only ? only.pointer : input.pointer])).at(0);
  if (!outcome) throw new VaultError('bad-pointer', 'Nothing to discover.', { pointerCode: 'not-a-pointer' });
  if (!outcome.ok) throw new VaultError('bad-pointer', outcome.error, { pointerCode: outcome.pointerCode, unknownChatId: outcome.unknownChatId });
  return { message: outcome.message, duplicate: outcome.duplicate };
}

export interface ListInput {
  readonly chatId?: string | undefined;
  readonly query?: string | undefined;
  readonly trashed?: boolean | undefined;
  readonly order?: 'newest-first' | 'oldest-first' | undefined;
  readonly offset?: number | undefined;
  readonly limit?: number | undefined;
}

/** History: all, by chat, by text (case-insensitive, sender and text), the trash, paged. */
export async function listMessages(ctx: VaultContext, input: ListInput): Promise<MessagePage> {
  const ready = await requireUnlocked(ctx);
  const refs = input.chatId === undefined ? await allRefs(ctx, ready) : [chatRef(findChat(ready.head, input.chatId))];
  const query = input.query?.trim().toLowerCase();
  const page = await ctx.history.page(ready.unlocked.history, refs, {
    trashed: input.trashed ?? false,
    ...(query !== undefined && query !== '' && { query }),
    order: input.order ?? 'newest-first',
    offset: input.offset ?? 0,
    limit: input.limit ?? 50,
  });
  const view = viewer(ctx, ready);
  return { total: page.total, messages: page.items.map(view), damaged: page.damaged };
}

const noMessage = (id: number) => new VaultError('not-found', `There is no message #${id}.`);

export async function getMessage(ctx: VaultContext, input: { id: number }): Promise<MessageView> {
  const ready = await requireUnlocked(ctx);
  const located = await ctx.history.find(ready.unlocked.history, await allRefs(ctx, ready), input.id);
  if (!located) throw noMessage(input.id);
  return viewer(ctx, ready)(located);
}

/** Moves a message to the trash (`trashed`) or out of it. */
export async function setTrashed(ctx: VaultContext, id: number, trashed: boolean): Promise<MessageView> {
  const ready = await requireUnlocked(ctx);
  const now = ctx.now();
  const changed = await ctx.history.update(ready.unlocked.history, await allRefs(ctx, ready), id, (m) => ({ ...m, trashedAt: trashed ? now : null }));
  if (!changed?.after) throw noMessage(id);
  return viewer(ctx, ready)({ ref: changed.before.ref, message: changed.after });
}

/** Deletes one message for good. */
export async function deleteMessageForever(ctx: VaultContext, input: { id: number }): Promise<{ id: number }> {
  const ready = await requireUnlocked(ctx);
  if (!(await ctx.history.update(ready.unlocked.history, await allRefs(ctx, ready), input.id, () => null))) throw noMessage(input.id);
  return { id: input.id };
}

/** Deletes every message in the trash for good (one write per chat that has any). */
export async function emptyTrash(ctx: VaultContext): Promise<{ deletedMessages: number }> {
  const ready = await requireUnlocked(ctx);
  let deletedMessages = 0;
  for (const ref of await allRefs(ctx, ready)) {
    deletedMessages += await ctx.history.rewrite(ready.unlocked.history, ref, (b) => b.trashed > 0, (m) => (m.trashedAt === null ? m : null));
  }
  return { deletedMessages };
}

/** Discovers many pointers in one pass and one write, as {@link discoverAll}; each gets its result view. */
export async function discoverMany(ctx: VaultContext, pointers: readonly string[]): Promise<DiscoveryResultView[]> {
  const outcomes = await discoverAll(ctx, pointers);
  return outcomes.map((o, i) =>
    o.ok
      ? { pointer: pointers[i] ?? '', status: o.duplicate ? 'duplicate' : 'discovered', message: o.message }
      : { pointer: pointers[i] ?? '', status: 'failed', error: o.error, pointerCode: o.pointerCode, ...(o.unknownChatId !== undefined && { unknownChatId: o.unknownChatId }) },
  );
}

export const messageOperations = {
  sendMessage: queued(send),
  discoverPointer: queued(discover),
  listMessages: immediate(listMessages),
  getMessage: immediate(getMessage),
  trashMessage: queued((ctx, input) => setTrashed(ctx, input.id, true)),
  restoreMessage: queued((ctx, input) => setTrashed(ctx, input.id, false)),
  deleteMessageForever: queued(deleteMessageForever),
  emptyTrash: queued(emptyTrash),
} satisfies Operations;
