/**
 * The error codes a reply may carry, defined by the wire (which the vault and the pages both
 * depend on) rather than by the vault (which the wire must not know).
 * @module
 */

/**
 * Why the background refused a request. Each code is one situation the popup can explain and offer
 * a next step for; the reply's `message` says it in a sentence.
 */
export const REFUSAL_CODES = [
  'no-profile',
  'profile-exists',
  'locked',
  'wrong-phrase',
  'throttled',
  'phrases-differ',
  /** A new phrase weak enough to guess from one public pointer, without the person's "use it anyway". */
  'weak-phrase',
  'invalid-input',
  'not-found',
  'bad-pointer',
  'message-too-long',
  'confirmation-required',
  'storage-full',
  'storage-failed',
  'corrupt-storage',
  /** Data (a CLM database, a backup) made with another phrase than the one given. */
  'phrase-mismatch',
  /** A backup of a newer format than this version reads. */
  'unsupported-version',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** The protocol's own failures: not a refusal of the request, but of its form or its answer. */
export const PROTOCOL_ERROR_CODES = ['unknown-request', 'invalid-request', 'invalid-reply', 'internal'] as const;

/** Every code a reply's error may carry. */
export const ERROR_CODES = [...PROTOCOL_ERROR_CODES, ...REFUSAL_CODES] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
