/**
 * Chat invites: a short text (and its QR code) that lets someone create the same chat — its id,
 * name, seed suffix, pointer format, and whether it has a phrase of its own. Never the phrase:
 * that must come by another channel.
 *
 * ```text
 * bytes  = 0x01 | format (0 CLM-compatible, 1 sealed) | phrase (0 master, 1 own)
 *          | len | chat id | len | name | len | seed suffix        (UTF-8, 1-byte lengths)
 *          | first 4 bytes of SHA-256("clm-invite/v1" || everything before)
 * invite = "CLMCHAT1:" + base32(bytes)
 * ```
 * Same alphabet as sealed pointers (survives SMS, forums, QR codes); the checksum catches a
 * mistyped or truncated invite before anyone creates a wrong chat from it.
 *
 * Version 2 (same prefix, same checksum, version byte 2) adds the 16-byte salt of the chat's own
 * phrase's sealed root (`deriveSealedRoot(phrase, salt)`), right after the flags; it exists only
 * for sealed chats with a phrase of their own. {@link parseInvite} reads version 1 only, as
 * before (a version-2 invite is `unsupported-version` to it, as it is to every extension
 * released before); {@link parseAnyInvite} reads both.
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase32, toBase32 } from '../encoding/base32.ts';
import { MAX_POINTER_CHARS } from '../clm/errors.ts';
import { ROOT_SALT_BYTES } from '../sealed/v1.ts';
import { LibError } from '../errors.ts';

export const INVITE_PREFIX = 'CLMCHAT1:';
const VERSION = 1;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const CHECKSUM_LABEL = encoder.encode('clm-invite/v1');

export interface ChatInvite {
  readonly chatId: string;
  readonly name: string;
  readonly seedSuffix: string;
  readonly format: 'clm' | 'sealed';
  /** `own`: the chat has a phrase of its own, to be asked for; `master`: the group's phrase. */
  readonly phrase: 'master' | 'own';
}

export type InviteErrorCode = 'not-an-invite' | 'damaged' | 'unsupported-version' | 'bad-field';

/** An invite that cannot be read; `message` is for a person. */
export class InviteError extends LibError<InviteErrorCode> {
  override readonly name = 'InviteError';
}

function checksum(bytes: Uint8Array): Uint8Array {
  const input = new Uint8Array(CHECKSUM_LABEL.length + bytes.length);
  input.set(CHECKSUM_LABEL);
  input.set(bytes, CHECKSUM_LABEL.length);
  return sha256(input).slice(0, 4);
}

function field(value: string, what: string): Uint8Array {
  if (typeof value !== 'string' || !value.isWellFormed()) throw new InviteError('bad-field', `The ${what} must be text.`);
  const bytes = encoder.encode(value);
  if (bytes.length > 255) throw new InviteError('bad-field', `The ${what} is too long for an invite (at most 255 bytes of UTF-8).`);
  return bytes;
}

/**
 * The invite text of `head` (version, flags and, for version 2, the salt) followed by the
 * length-prefixed texts (chat id, name, seed suffix) and the checksum of all of it.
 */
function inviteText(head: Uint8Array, texts: readonly Uint8Array[]): string {
  const body = new Uint8Array(head.length + texts.reduce((n, t) => n + 1 + t.length, 0));
  body.set(head);
  let o = head.length;
  for (const part of texts) {
    body[o++] = part.length;
    body.set(part, o);
    o += part.length;
  }
  const bytes = new Uint8Array(body.length + 4);
  bytes.set(body);
  bytes.set(checksum(body), body.length);
  return `${INVITE_PREFIX}${toBase32(bytes)}`;
}

// Found without toUpperCase(), which can lengthen what precedes the prefix (ß → SS) and shift the
// index; without the `u` flag, `i` matches no non-ASCII letter to an ASCII one.
const INVITE_PATTERN = /CLMCHAT1:/i;

const damagedInvite = () => new InviteError('damaged', 'This invite is damaged: part of it is missing or mistyped. Ask for it again.');

/**
 * An invite's bytes without their checksum, found in `text` and checked against it (of any
 * version: every version ends in this checksum).
 * @throws {InviteError} `not-an-invite`, `damaged`
 */
function inviteBody(text: string): Uint8Array {
  if (typeof text !== 'string' || text.length > MAX_POINTER_CHARS) throw new InviteError('not-an-invite', 'This is not a chat invite.');
  const found = INVITE_PATTERN.exec(text);
  if (!found) throw new InviteError('not-an-invite', `This is not a chat invite: an invite starts with ${INVITE_PREFIX}`);
  const digits = /^[A-Za-z2-7\s-]*/.exec(text.slice(found.index + INVITE_PREFIX.length))?.[0].trim() ?? '';
  const bytes = fromBase32(digits);
  if (!(bytes instanceof Uint8Array) || bytes.length < 3 + 3 + 4) throw damagedInvite();
  const body = bytes.subarray(0, bytes.length - 4);
  const sum = checksum(body);
  if (!sum.every((b, i) => b === bytes[body.length + i])) throw damagedInvite();
  return body;
}

/**
 * The chat id, name and seed suffix: length-prefixed UTF-8 from `start` to the end of `body`.
 * @throws {InviteError} `damaged` (lengths that do not add up), `bad-field` (not text; no id or name)
 */
function inviteTexts(body: Uint8Array, start: number): { chatId: string; name: string; seedSuffix: string } {
  let o = start;
  const parts: string[] = [];
  for (const what of ['chat id', 'chat name', 'seed suffix']) {
    if (o >= body.length) throw damagedInvite();
    const length = body[o++];
    if (o + length > body.length) throw damagedInvite();
    try {
      parts.push(decoder.decode(body.subarray(o, o + length)));
    } catch {
      throw new InviteError('bad-field', `The ${what} of this invite is not text.`);
    }
    o += length;
  }
  if (o !== body.length) throw damagedInvite();
  const [chatId = '', name = '', seedSuffix = ''] = parts;
  if (chatId === '' || name.trim() === '') throw new InviteError('bad-field', 'This invite has no chat id or name.');
  return { chatId, name, seedSuffix };
}

/**
 * The invite text of a chat.
 * @throws {InviteError} `bad-field` for a field that cannot be carried (too long, not text)
 */
export function createInvite(invite: ChatInvite): string {
  const id = field(invite.chatId, 'chat id');
  if (id.length === 0) throw new InviteError('bad-field', 'The chat id must not be empty.');
  const name = field(invite.name, 'chat name');
  const suffix = field(invite.seedSuffix, 'seed suffix');
  return inviteText(Uint8Array.of(VERSION, invite.format === 'sealed' ? 1 : 0, invite.phrase === 'own' ? 1 : 0), [id, name, suffix]);
}

/**
 * Reads an invite (any case; spaces, line breaks and hyphens ignored; text around it too).
 * @throws {InviteError} `not-an-invite`, `damaged` (checksum: mistyped or cut off),
 *   `unsupported-version`, `bad-field`
 */
export function parseInvite(text: string): ChatInvite {
  return readVersion1(inviteBody(text));
}

/** A version-1 invite from its checked bytes (see {@link parseInvite}). */
function readVersion1(body: Uint8Array): ChatInvite {
  if (body[0] !== VERSION) throw new InviteError('unsupported-version', `This invite is of version ${body[0]}; update the extension to read it.`);
  if (body[1] > 1 || body[2] > 1) throw new InviteError('bad-field', 'This invite names a format this extension does not know.');
  return { ...inviteTexts(body, 3), format: body[1] === 1 ? 'sealed' : 'clm', phrase: body[2] === 1 ? 'own' : 'master' };
}

/**
 * An invite of version 2: any format (sealed version 2 included, which version 1 cannot name), and
 * for a chat with a phrase of its own the salt of that phrase's root.
 */
export interface SaltedChatInvite {
  readonly chatId: string;
  readonly name: string;
  readonly seedSuffix: string;
  readonly format: 'clm' | 'sealed' | 'sealed2';
  readonly phrase: 'master' | 'own';
  /**
   * {@link ROOT_SALT_BYTES} random bytes, chosen when the chat's phrase was set; not secret. For a
   * chat on the group's (profile) phrase, whose root is unsalted: {@link ROOT_SALT_BYTES} zeros.
   */
  readonly rootSalt: Uint8Array;
}

const V2_FORMATS = ['clm', 'sealed', 'sealed2'] as const;

/** An invite of either version, told apart by `version`. */
export type AnyChatInvite = (ChatInvite & { readonly version: 1 }) | (SaltedChatInvite & { readonly version: 2 });

const VERSION_2 = 2;

/**
 * The invite text (version 2) of a sealed chat whose own phrase's root is salted.
 * @throws {InviteError} `bad-field` for a field that cannot be carried (too long, not text, an
 *   empty chat id), an unknown format or phrase kind, a salt that is not {@link ROOT_SALT_BYTES}
 *   bytes, or a chat on the profile phrase with a salt that is not all zeros
 */
export function createInviteV2(invite: SaltedChatInvite): string {
  if (typeof (invite as unknown) !== 'object' || (invite as unknown) === null) throw new InviteError('bad-field', 'An invite needs a chat.');
  // Checked at run time too: the type says so, but a caller's data may not.
  const format = V2_FORMATS.indexOf(invite.format);
  if (format < 0 || (invite.phrase as string) !== 'own' && (invite.phrase as string) !== 'master') {
    throw new InviteError('bad-field', 'An invite names a format and a phrase kind this extension knows.');
  }
  if (!(invite.rootSalt instanceof Uint8Array) || invite.rootSalt.length !== ROOT_SALT_BYTES) {
    throw new InviteError('bad-field', `The salt of a chat is ${ROOT_SALT_BYTES} bytes.`);
  }
  if (invite.phrase === 'master' && invite.rootSalt.some((b) => b !== 0)) {
    throw new InviteError('bad-field', 'A chat on the group’s phrase has no salt of its own (its salt field is zeros).');
  }
  const id = field(invite.chatId, 'chat id');
  if (id.length === 0) throw new InviteError('bad-field', 'The chat id must not be empty.');
  const name = field(invite.name, 'chat name');
  if (invite.name.trim() === '') throw new InviteError('bad-field', 'The chat name must not be empty.');
  const suffix = field(invite.seedSuffix, 'seed suffix');
  const head = new Uint8Array(3 + ROOT_SALT_BYTES);
  head.set([VERSION_2, format, invite.phrase === 'own' ? 1 : 0]);
  head.set(invite.rootSalt, 3);
  return inviteText(head, [id, name, suffix]);
}


/**
 * Reads an invite of version 1 or 2, accepting the same variations as {@link parseInvite}.
 * A version-1 invite reads exactly as {@link parseInvite} reads it.
 * @throws {InviteError} `not-an-invite`, `damaged` (checksum: mistyped or cut off),
 *   `unsupported-version` (above 2), `bad-field` (as for version 1; for version 2 also flags other
 *   than sealed and own phrase)
 */
export function parseAnyInvite(text: string): AnyChatInvite {
  const body = inviteBody(text);
  // Version 1 (and every version above 2): exactly what parseInvite says of it.
  if (body[0] !== VERSION_2) return { ...readVersion1(body), version: 1 };
  const format = V2_FORMATS.at(body[1]);
  if (format === undefined || body[2] > 1) throw new InviteError('bad-field', 'This invite names a format this extension does not know.');
  if (body.length < 3 + ROOT_SALT_BYTES + 3) throw damagedInvite();
  const rootSalt = body.slice(3, 3 + ROOT_SALT_BYTES);
  const phrase = body[2] === 1 ? 'own' : 'master';
  if (phrase === 'master' && rootSalt.some((b) => b !== 0)) throw new InviteError('bad-field', 'This invite carries a salt for a chat on the group’s phrase, which has none.');
  return { version: 2, ...inviteTexts(body, 3 + ROOT_SALT_BYTES), format, phrase, rootSalt };
}
