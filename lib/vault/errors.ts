import type { PointerErrorCode } from '../clm/errors.ts';

/**
 * Why a vault operation was refused. Each code is one situation the popup can explain and offer a
 * next step for; `message` says it in a sentence.
 */
export const VAULT_ERROR_CODES = [
  'no-profile',
  'profile-exists',
  'locked',
  'wrong-phrase',
  'throttled',
  'phrases-differ',
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
export type VaultErrorCode = (typeof VAULT_ERROR_CODES)[number];

/** A refused vault operation. Nothing was changed when one is thrown. */
export class VaultError extends Error {
  override readonly name = 'VaultError';
  readonly code: VaultErrorCode;
  /** For `throttled` and `wrong-phrase`: how long until the next attempt is checked. */
  readonly retryAfterMs: number | undefined;
  /** For `bad-pointer`: what exactly is wrong with it. */
  readonly pointerCode: PointerErrorCode | undefined;
  /** For `bad-pointer`: the CLM id it names when no chat of the profile has it. */
  readonly unknownChatId: string | undefined;
  constructor(
    code: VaultErrorCode,
    message: string,
    extra: { retryAfterMs?: number; pointerCode?: PointerErrorCode; unknownChatId?: string | undefined } = {},
  ) {
    super(message);
    this.code = code;
    this.retryAfterMs = extra.retryAfterMs;
    this.pointerCode = extra.pointerCode;
    this.unknownChatId = extra.unknownChatId;
  }
}
