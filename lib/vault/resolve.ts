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
 * @module
 */
import { defaultSeedSuffix, type DiscoveredMessage, formatPointer, openParsedPointer, type ParsedPointer, parsePointer } from '../clm.ts';
import { concatBytes } from '../bytes.ts';
import { PointerError } from '../errors.ts';
import { openSealedPointer, type ParsedSealedPointer, parseSealedPointer, pointerFormat } from '../sealed.ts';
import { type ChatSecret, ChatSecrets } from './chat-secrets.ts';
import type { MessageFormat, Via } from './history/records.ts';
import type { ChatRecord, ChatSecretsValue } from './schema.ts';
import type { Unlocked } from './session.ts';

export type ParsedAny =
  | { readonly format: 'clm'; readonly parsed: ParsedPointer; readonly wireId: string; readonly epoch: number; readonly canonical: string; readonly data: Uint8Array }
  | { readonly format: 'sealed'; readonly parsed: ParsedSealedPointer; readonly wireId: string; readonly epoch: number; readonly canonical: string; readonly data: Uint8Array };

/**
 * Reads a pointer of either format (not yet opened).
 * @throws {PointerError} any code of `parsePointer` / `parseSealedPointer`
 */
export function parseAnyPointer(text: string): ParsedAny {
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
}

interface Attempt {
  readonly chat: ChatRecord | null;
  readonly secret: ChatSecret;
  readonly seedSuffix: string;
}

function attempts(p: ParsedAny, ctx: ResolveContext): Attempt[] {
  const named = ctx.chats.filter((c) => wireIdOf(c) === p.wireId);
  const ordered = p.format === 'clm' ? named : [...named, ...ctx.chats.filter((c) => !named.includes(c))];
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
  const tries = attempts(p, ctx);
  for (const t of tries) {
    try {
      const found =
        p.format === 'clm'
          ? openParsedPointer(p.parsed, t.secret.phrase, t.seedSuffix)
          : openSealedPointer(p.parsed, ctx.chatKey(t.secret.root, t.seedSuffix));
      return { chat: t.chat, via: t.secret.use, format: p.format, found };
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
