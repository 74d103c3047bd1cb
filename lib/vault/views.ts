/**
 * The views the pages see, made from stored records: chats with their counts (from the
 * directories alone), messages with their pointer (rebuilt from its bytes) and which secret
 * opened them.
 * @module
 */
import { toBase32 } from '../encoding/base32.ts';
import { fromBase64 } from '../encoding/bytes.ts';
import { formatPointer } from '../clm/format.ts';
import { SEALED_V2_PREFIX } from '../sealed/v2.ts';
import { safetyNumber } from '../contacts/key-agreement.ts';
import { SEALED_PREFIX } from '../sealed/v1.ts';
import type { ChatView, MessageView, OpenedWith } from '../wire/views.ts';
import { type Directory, EMPTY_DIRECTORY } from './history/directory.ts';
import { History, type Located } from './history/history.ts';
import { type StoredMessage, VIA_PROFILE, VIA_UNKNOWN, type Via } from './history/records.ts';
import type { ChatRecord, ContactRecord } from './schema.ts';

/** The history ref of a chat: its serial, never reused, so a new chat never inherits messages. */
export const chatRef = (chat: ChatRecord): string => `c${chat.serial}`;
/** The history ref of the messages of a CLM id no chat has. */
export const strandedRef = (wireId: string): string => `s${wireId}`;

/** CLM chat ids sort as numbers when they are numbers (as CLM's menus do), else as text, after. */
export function compareChatIds(a: string, b: string): number {
  const na = /^[0-9]+$/.test(a);
  const nb = /^[0-9]+$/.test(b);
  if (na && nb) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (na !== nb) return na ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function chatView(chat: ChatRecord, dir: Directory = EMPTY_DIRECTORY): ChatView {
  const { live, trashed, lastEpoch } = History.summary(dir);
  return {
    id: chat.id,
    clmId: chat.wireId ?? chat.id,
    name: chat.name,
    seedSuffix: chat.seedSuffix,
    format: chat.format,
    phrase: chat.phrase,
    messageCount: live,
    trashedCount: trashed,
    lastMessageAt: lastEpoch === null ? null : lastEpoch * 1000,
    contact: chat.contact
      ? {
          safetyNumber: safetyNumberOf(chat.contact),
          verified: chat.contact.verified,
          needsMyNewCard: chat.contact.needsMyNewCard === true,
        }
      : null,
  };
}

/** The safety number of a contact chat: what both people compare, and what "Verified" vouches for. */
export function safetyNumberOf(contact: ContactRecord): string {
  return safetyNumber(fromBase64(contact.myPublicKey), fromBase64(contact.theirPublicKey));
}

/** The pointer of a stored message, exactly as it was made or discovered (canonical form). */
export function pointerOf(m: StoredMessage): string {
  if (m.format === 'sealed') return `${SEALED_PREFIX}${toBase32(m.data)}`;
  if (m.format === 'sealed2') return `${SEALED_V2_PREFIX}${toBase32(m.data)}`;
  return formatPointer(m.wireId, m.epoch, m.data);
}

function openedWith(via: Via, currentUse: Via | null): OpenedWith {
  if (via === VIA_UNKNOWN) return 'unknown';
  if (currentUse === null) return via === VIA_PROFILE ? 'profile-phrase' : 'unknown';
  if (via !== currentUse) return 'retired-phrase';
  return via === VIA_PROFILE ? 'profile-phrase' : 'chat-phrase';
}

/**
 * A message's view. `chat` is null for a stranded message; `currentUse` is the secret the chat
 * uses now (null for a stranded one).
 */
export function messageView({ message: m }: Located, chat: ChatRecord | null, currentUse: Via | null): MessageView {
  return {
    id: m.id,
    chatId: chat?.id ?? m.wireId,
    chatName: chat?.name ?? `Chat ${m.wireId}`,
    stranded: chat === null,
    kind: m.kind,
    sender: m.sender,
    text: m.text,
    epoch: m.epoch,
    savedAt: m.savedAt,
    trashed: m.trashedAt !== null,
    pointer: pointerOf(m),
    format: m.format,
    integrityProtected: m.format !== 'clm',
    // A contact chat's key is the one agreed from the two cards (1), or one of an identity before
    // a "New identity" (more).
    openedWith: chat?.contact ? (m.via <= 1 ? 'contact-key' : 'retired-phrase') : openedWith(m.via, currentUse),
  };
}
