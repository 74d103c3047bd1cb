import type { PointerErrorCode } from '../clm/errors.ts';
import { LibError } from '../errors.ts';
import type { RefusalCode } from '../wire/errors.ts';

/** Why a vault operation was refused: the wire's refusal codes (lib/wire/errors.ts). */
export type VaultErrorCode = RefusalCode;

/** A refused vault operation. Nothing was changed when one is thrown. */
export class VaultError extends LibError<VaultErrorCode> {
  override readonly name = 'VaultError';
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
    super(code, message);
    this.retryAfterMs = extra.retryAfterMs;
    this.pointerCode = extra.pointerCode;
    this.unknownChatId = extra.unknownChatId;
  }
}
