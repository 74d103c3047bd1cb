/**
 * Typed errors of the protocol core. Every public function in `lib/` throws only these
 * (documented with `@throws`), so callers can tell a bad pointer from a programming error and
 * show a person a sentence instead of a stack trace.
 * @module
 */
import { LibError } from '../errors.ts';

/**
 * Why a pointer could not be read or discovered. The set is small on purpose: each code maps to
 * one thing a person can do about it.
 *
 * - `too-long` — the text is longer than {@link MAX_POINTER_CHARS}; refused before parsing.
 * - `not-a-pointer` — not a JSON object with `c`, `e` and `d`.
 * - `bad-chat-id` — `c` is not a string or a whole number.
 * - `bad-epoch` — `e` is not a whole number of seconds in the safe range.
 * - `bad-ciphertext` — `d` is not a string of hex byte pairs.
 * - `not-for-this-phrase` — the pointer is well formed, but under this phrase and chat it does not
 *   decrypt to a signed CLM message (wrong phrase, wrong chat, or a damaged pointer). CLM 2.0.1 makes
 *   the same test: the bytes must be UTF-8 and contain `": "`. For a sealed pointer: its integrity
 *   check failed (altered, or not for this phrase).
 * - `unsupported-version` — a sealed pointer of a format version this code does not know.
 */
export type PointerErrorCode =
  | 'too-long'
  | 'not-a-pointer'
  | 'bad-chat-id'
  | 'bad-epoch'
  | 'bad-ciphertext'
  | 'not-for-this-phrase'
  | 'unsupported-version';

/** Every {@link PointerErrorCode}, for exhaustive checks and tests. */
export const POINTER_ERROR_CODES: readonly PointerErrorCode[] = [
  'too-long',
  'not-a-pointer',
  'bad-chat-id',
  'bad-epoch',
  'bad-ciphertext',
  'not-for-this-phrase',
  'unsupported-version',
];

/** Longest pointer text, in UTF-16 code units, that is parsed at all (64 KiB). */
export const MAX_POINTER_CHARS = 65_536;

/** A pointer that cannot be read or discovered; `message` is a sentence for a person. */
export class PointerError extends LibError<PointerErrorCode> {
  override readonly name = 'PointerError';
}

/**
 * Codes of {@link ClmInputError}:
 * - `invalid-argument` — a parameter has the wrong type or is out of range (a programming error,
 *   or text with an unpaired UTF-16 surrogate, which CLM 2.0.1 cannot encode either);
 * - `message-too-long` — the message would make a pointer longer than {@link MAX_POINTER_CHARS}.
 */
export type ClmInputErrorCode = 'invalid-argument' | 'message-too-long';

/** An argument that the protocol core refuses before doing any work. */
export class ClmInputError extends LibError<ClmInputErrorCode> {
  override readonly name = 'ClmInputError';
}
