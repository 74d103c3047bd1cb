/**
 * Limits and choices shared by the wire protocol, the stored records and the screens, defined
 * once so that neither depends on the other for them.
 * @module
 */

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
 * Lengths in UTF-16 code units. CLM 2.0.1 reads names, phrases and suffixes from a terminal line,
 * which holds at most 4,095 bytes: 4,096 code units take anything CLM can have.
 */
export const LIMITS = {
  username: 4096,
  phrase: 4096,
  chatName: 4096,
  seedSuffix: 4096,
  chatId: 256,
  chats: 1000,
  /** Text search query. */
  query: 200,
} as const;

/**
 * CLM 2.0.1 reads a pointer with `input()` from a terminal line; a longer pasted line is cut by
 * the terminal (4,095 bytes in Linux's canonical mode). A CLM-format send beyond this warns.
 */
export const CLM_TERMINAL_POINTER_CHARS = 4000;

/**
 * What one row of CLM's database may hold to be imported (lib/clm-db.ts reads past it as "not
 * what CLM writes"; the request check refuses it). CLM's own rows are far below: a message is
 * what fits in one pointer.
 */
export const CLM_ROW_LIMITS = { message: 1_000_000, payload: 2 * 65_536 } as const;

