/**
 * Limits and choices shared by the wire protocol, the stored records and the screens, defined
 * once so that neither depends on the other for them.
 * @module
 */
import { CLM_CHAT_ID_CHARS, CLM_LINE_CHARS } from '../clm/limits.ts';

export { CLM_ROW_LIMITS, CLM_TERMINAL_POINTER_CHARS } from '../clm/limits.ts';

/** Minutes of inactivity before the vault locks itself; 0 means never. */
export const AUTO_LOCK_CHOICES = [0, 1, 5, 15, 60] as const;
export type AutoLockMinutes = (typeof AUTO_LOCK_CHOICES)[number];

/**
 * How a chat's messages are sent (docs/PROTOCOL.md): CLM 2.0.1's pointers; sealed ones (version
 * 1: chat id and time in the clear); or sealed version 2, which shows nothing but a marker.
 */
export const CHAT_FORMATS = ['clm', 'sealed', 'sealed2'] as const;
export type ChatFormat = (typeof CHAT_FORMATS)[number];

/**
 * Which secret a chat uses: the profile's phrase, one only its members know, or a key agreed with
 * one contact from the two people's cards (no phrase at all).
 */
export const PHRASE_KINDS = ['master', 'own', 'contact'] as const;
export type PhraseKind = (typeof PHRASE_KINDS)[number];

/**
 * Lengths in UTF-16 code units: names, phrases and suffixes take anything CLM can have.
 */
export const LIMITS = {
  username: CLM_LINE_CHARS,
  phrase: CLM_LINE_CHARS,
  chatName: CLM_LINE_CHARS,
  seedSuffix: CLM_LINE_CHARS,
  chatId: CLM_CHAT_ID_CHARS,
  chats: 1000,
  /** Text search query. */
  query: 200,
} as const;

