/**
 * Which chat a pointer belongs to and which secret opens it: a pure function of the chats, their
 * secrets and the pointer.
 *
 * - A CLM 2.0.1 pointer names its chat by CLM id (`c`): the chats with that id are tried, each
 *   with the secrets of the period its epoch falls in. For an id no chat has, CLM's own rule:
 *   the profile phrase and the suffix `chat_<id>` — the message is *stranded* (kept apart until
 *   the person adds that chat; no chat ever takes it over silently).
 * - A sealed pointer is tried against every chat's key (the chat it names first) and lands in
 *   the chat whose key opens it: ids may differ between two people's lists, and a tag that
 *   verifies leaves no doubt.
 * - A sealed pointer of version 2 names nothing: every contact's key and every chat's keys are
 *   tried; its time comes out of it, and then must fall in the period of the secret that opened it.
 * @module
 */
import { defaultSeedSuffix, type DiscoveredMessage, formatPointer, openParsedPointer, type ParsedPointer, parsePointer } from '../clm/format.ts';
import { concatBytes } from '../encoding/bytes.ts';
import { PointerError } from '../clm/errors.ts';
import { fromBase32, toBase32 } from '../encoding/base32.ts';
import { openSealedPointer, type ParsedSealedPointer, parseSealedPointer, pointerFormat } from '../sealed/v1.ts';
import { isSealedV2PointerText, openV2, SEALED_V2_PREFIX } from '../sealed/v2.ts';
import { type ChatSecret, ChatSecrets } from './chat-secrets.ts';
import type { MessageFormat, Via } from './history/records.ts';
import type { ChatRecord, ChatSecretsValue, ContactRecord } from './schema.ts';
import type { Unlocked } from './session.ts';

export type ParsedAny =
  | { readonly format: 'clm'; readonly parsed: ParsedPointer; readonly wireId: string; readonly epoch: number; readonly canonical: string; readonly data: Uint8Array }
  | { readonly format: 'sealed'; readonly parsed: ParsedSealedPointer; readonly wireId: string; readonly epoch: number; readonly canonical: string; readonly data: Uint8Array }
  /** Version 2 shows no chat and no time: `wireId` and `epoch` are known only once it is opened. */
  | { readonly format: 'sealed2'; readonly wireId: null; readonly epoch: null; readonly canonical: string; readonly data: Uint8Array };

/**
 * Reads a pointer of either format (not yet opened).
 * @throws {PointerError} any code of `parsePointer` / `parseSealedPointer`
 */
export function parseAnyPointer(text: string): ParsedAny {
  if (isSealedV2PointerText(text)) {
    // Its shape is checked by opening it with no key: anything but "no key opens it" is a malformed pointer.
    try {
      openV2(text, []);
    } catch (error) {
      if (!(error instanceof PointerError) || error.code !== 'not-for-this-phrase') throw error;
    }
    const data = fromBase32(text.trim().slice(SEALED_V2_PREFIX.length));
    if (!(data instanceof Uint8Array)) throw new PointerError('not-a-pointer', 'This is not a sealed pointer of version 2.');
    return { format: 'sealed2', wireId: null, epoch: null, canonical: `${SEALED_V2_PREFIX}${toBase32(data)}`, data };
  }
  if (pointerFormat(text) === 'sealed') {
    const parsed = parseSealedPointer(text);
    return {
      format: 'sealed',
      parsed,
      wireId: parsed.chatId,
      epoch: parsed.epoch,
      canonical: parsed.canonical,
      data: concatBytes(parsed.header, parsed.nonce, parsed.sealed),
    };
  }
  const parsed = parsePointer(text);
  return { format: 'clm', parsed, wireId: parsed.chatId, epoch: parsed.epoch, canonical: formatPointer(parsed.chatId, parsed.epoch, parsed.data), data: parsed.data };
}

/** The id a chat's pointers carry: its CLM id. */
export const wireIdOf = (chat: ChatRecord): string => chat.wireId ?? chat.id;

export interface Resolved {
  /** The chat it opened in; null for a CLM id no chat has (stranded). */
  readonly chat: ChatRecord | null;
  readonly via: Via;
  readonly format: MessageFormat;
  readonly found: DiscoveredMessage;
  /** When it was written, and the chat id it is stored under (from inside a version-2 pointer). */
  readonly epoch: number;
  readonly wireId: string;
}

/** A pointer no secret opens; `unknownChatId` when it names a CLM id that no chat has. */
export class UnopenedPointer extends PointerError {
  readonly unknownChatId: string | undefined;
  constructor(message: string, unknownChatId?: string) {
    super('not-for-this-phrase', message);
    this.unknownChatId = unknownChatId;
  }
}

export interface ResolveContext {
  readonly chats: readonly ChatRecord[];
  readonly secrets: ChatSecretsValue;
  readonly unlocked: Unlocked;
  /** The sealed key of a root and seed suffix (memoized by the caller). */
  readonly chatKey: (root: Uint8Array, seedSuffix: string) => Uint8Array;
  /** A contact chat's key made with our identity `myPublicKey` (memoized by the caller). */
  readonly contactKey: (chat: ChatRecord & { readonly contact: ContactRecord }, myPublicKey: string) => Uint8Array;
}

/**
 * Which secret opened a contact chat's message: 1 for the key it writes with now, k + 1 for the
 * k-th identity before a "New identity" (0 is never used: it means the profile phrase).
 */
export const VIA_CONTACT_KEY = 1;

interface KeyAttempt {
  readonly chat: ChatRecord;
  readonly use: Via;
  readonly key: Uint8Array;
}

/** Every key of every chat, for a pointer that names none: contacts' and chats' (all their secrets). */
function allKeys(ctx: ResolveContext): KeyAttempt[] {
  const out: KeyAttempt[] = [];
  for (const chat of ctx.chats) {
    const contact = chat.contact;
    if (contact) {
      [contact.myPublicKey, ...contact.formerPublicKeys].forEach((mine, i) => {
        out.push({ chat, use: VIA_CONTACT_KEY + i, key: ctx.contactKey({ ...chat, contact }, mine) });
      });
      continue;
    }
    for (const secret of ChatSecrets.all(ctx.secrets, chat, ctx.unlocked)) out.push({ chat, use: secret.use, key: ctx.chatKey(secret.root, chat.seedSuffix) });
  }
  return out;
}

function resolveV2(p: ParsedAny & { format: 'sealed2' }, ctx: ResolveContext): Resolved {
  const keys = allKeys(ctx);
  let opened;
  try {
    opened = openV2(p.canonical, keys.map((k, id) => ({ id, key: k.key })));
  } catch (error) {
    // One error type for "nothing of ours opens it", whatever the format (see resolvePointer).
    if (error instanceof PointerError && error.code === 'not-for-this-phrase') throw new UnopenedPointer(error.message);
    throw error;
  }
  const used = keys.at(opened.id);
  if (!used) throw new UnopenedPointer('No key of yours opens this pointer.');
  const { chat } = used;
  // A chat's retired phrase opens only what says it was written before the phrase was retired, as
  // for the other formats (the time is inside the sealed part: only a holder of the key sets it).
  if (!chat.contact && !ChatSecrets.forEpoch(ctx.secrets, chat, ctx.unlocked, opened.epoch).some((s) => s.use === used.use)) {
    throw new UnopenedPointer('This pointer opens only with a phrase its chat no longer uses, and was written after the chat changed it: it is not accepted.');
  }
  return {
    chat,
    via: used.use,
    format: 'sealed2',
    found: { chatId: wireIdOf(chat), epoch: opened.epoch, sender: opened.sender, text: opened.text, signed: opened.signed },
    epoch: opened.epoch,
    wireId: wireIdOf(chat),
  };
}

interface Attempt {
  readonly chat: ChatRecord | null;
  readonly secret: ChatSecret;
  readonly seedSuffix: string;
}

function attempts(p: ParsedAny & { format: 'clm' | 'sealed' }, ctx: ResolveContext): Attempt[] {
  const named = ctx.chats.filter((c) => wireIdOf(c) === p.wireId);
  // Contact chats have no phrase: CLM and version-1 pointers are never theirs.
  const phrased = ctx.chats.filter((c) => !c.contact);
  const ordered = p.format === 'clm' ? named.filter((c) => !c.contact) : [...named.filter((c) => !c.contact), ...phrased.filter((c) => !named.includes(c))];
  const out: Attempt[] = ordered.flatMap((chat) =>
    ChatSecrets.forEpoch(ctx.secrets, chat, ctx.unlocked, p.epoch).map((secret) => ({ chat, secret, seedSuffix: chat.seedSuffix })),
  );
  if (named.length === 0) {
    out.push({ chat: null, secret: { use: 0, phrase: ctx.unlocked.phrase, root: ctx.unlocked.profileRoot }, seedSuffix: defaultSeedSuffix(p.wireId) });
  }
  return out;
}

/**
 * Opens a parsed pointer with the first secret that can.
 * @throws {UnopenedPointer} when none can
 */
export function resolvePointer(p: ParsedAny, ctx: ResolveContext): Resolved {
  if (p.format === 'sealed2') return resolveV2(p, ctx);
  const tries = attempts(p, ctx);
  for (const t of tries) {
    try {
      const found =
        p.format === 'clm'
          ? openParsedPointer(p.parsed, t.secret.phrase, t.seedSuffix)
          : openSealedPointer(p.parsed, ctx.chatKey(t.secret.root, t.seedSuffix));
      return { chat: t.chat, via: t.secret.use, format: p.format, found, epoch: p.epoch, wireId: p.wireId };
    } catch (error) {
      if (!(error instanceof PointerError)) throw error;
    }
  }
  const unknown = ctx.chats.some((c) => wireIdOf(c) === p.wireId) ? undefined : p.wireId;
  if (p.format === 'sealed') {
    throw new UnopenedPointer(
      'No chat of yours can read this sealed pointer: it is altered, or not for your phrase nor for the phrase of any of your chats.',
      unknown,
    );
  }
  throw new UnopenedPointer(
    unknown === undefined
      ? 'This pointer does not open with the phrase of its chat: the phrase or the chat differs, or the pointer was altered.'
      : `This pointer is for chat ${p.wireId}, which you do not have, and it does not open with your profile phrase and CLM's suffix chat_${p.wireId}. If you know the chat, add it with its seed suffix.`,
    unknown,
  );
}
