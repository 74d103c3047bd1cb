/**
 * The one base of every error that lib/ throws on purpose. Each domain defines its errors in one
 * place (its `errors.ts`, or the one file of a one-file domain) as subclasses with their own code
 * set; anything else that escapes is a programming error and never reaches a person as text.
 * @module
 */

/** A refusal with a code a program can act on and a sentence a person can read. */
export abstract class LibError<Code extends string = string> extends Error {
  readonly code: Code;
  constructor(code: Code, message: string) {
    super(message);
    this.code = code;
  }
}
