/**
 * The secrets chats are written and read with: the profile phrase, or a chat's own phrases, each
 * with its sealed-pointer root key (kept sealed beside the phrase, so unlocking costs one scrypt
 * whatever the number of chats; a new phrase costs its scrypt once, when it is set).
 *
 * Which secret may open a pointer depends on when the pointer says it was written: each chat has
 * periods, and only the secret of the period a pointer's epoch falls in opens it.
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64, toBase64, utf8 } from '../encoding/bytes.ts';
import { bytesToHex } from '../encoding/hex.ts';
import { contactChatKey } from '../contacts/key-agreement.ts';
import { sealedChatKey } from '../sealed/v1.ts';
import { openText, sealText } from './box.ts';
import { VaultError } from './errors.ts';
import type { RandomBytes } from './keys.ts';
import { CHAT_SECRETS_AAD, type ChatRecord, checkChatSecrets, type ChatSecretsValue, type SealedRecord } from './schema.ts';
import type { Unlocked } from './session.ts';
import { parseRecord } from './store.ts';
import { VIA_PROFILE, type Via } from './history/records.ts';

/** A secret a chat uses: `use` 0 is the profile phrase, k ≥ 1 the chat's k-th own phrase. */
export interface ChatSecret {
  readonly use: Via;
  readonly phrase: string;
  readonly root: Uint8Array;
}

export type ChatSecretsMap = ChatSecretsValue;
type Entry = ChatSecretsValue[string];

/** A chat that has only ever used the profile phrase has no entry: it is this. */
const PROFILE_ONLY: Entry = { phrases: [], periods: [{ from: null, use: VIA_PROFILE }] };

export class ChatSecrets {
  private cache: { readonly box: string; readonly value: ChatSecretsValue } | null = null;
  private readonly keys = new Map<string, Uint8Array>();

  /** Drops the opened phrases and keys (on lock). */
  forget(): void {
    this.cache = null;
    this.keys.clear();
  }

  /**
   * Every chat's own secrets, opened under the history key (then kept while unlocked).
   * @throws {VaultError} `corrupt-storage` if the record cannot be opened
   */
  open(record: SealedRecord | null, u: Unlocked): ChatSecretsValue {
    if (!record) return {};
    if (this.cache?.box === record.box) return this.cache.value;
    const key = u.history.keys.get(record.gen);
    const json = key && openText(key, record.box, CHAT_SECRETS_AAD(record.gen));
    if (json === undefined) throw new VaultError('corrupt-storage', "The chats' own phrases are damaged and cannot be decrypted.");
    const value = parseRecord(checkChatSecrets, JSON.parse(json), 'chatSecrets');
    this.cache = { box: record.box, value };
    return value;
  }

  /** Seals `value` under the current history key. */
  static seal(u: Unlocked, value: ChatSecretsValue, random: RandomBytes): SealedRecord {
    const gen = u.history.current;
    const key = u.history.keys.get(gen);
    if (!key) throw new VaultError('corrupt-storage', 'The current history key is missing.');
    return { gen, box: sealText(key, JSON.stringify(value), CHAT_SECRETS_AAD(gen), random) };
  }

  /** Re-seals a record under another generation (phrase change), or undefined if it cannot be opened. */
  static reseal(record: SealedRecord, keys: ReadonlyMap<number, Uint8Array>, target: number, random: RandomBytes): SealedRecord | undefined {
    const from = keys.get(record.gen);
    const to = keys.get(target);
    const json = from && openText(from, record.box, CHAT_SECRETS_AAD(record.gen));
    if (json === undefined || !to) return undefined;
    return { gen: target, box: sealText(to, json, CHAT_SECRETS_AAD(target), random) };
  }

  static entry(all: ChatSecretsValue, chatId: string): Entry {
    return Object.hasOwn(all, chatId) ? (all[chatId] ?? PROFILE_ONLY) : PROFILE_ONLY;
  }

  private static secret(entry: Entry, use: Via, u: Unlocked): ChatSecret {
    if (use === VIA_PROFILE) return { use, phrase: u.phrase, root: u.profileRoot };
    const own = entry.phrases.at(use - 1);
    if (!own) throw new VaultError('corrupt-storage', 'A chat’s phrase is missing.');
    return { use, phrase: own.phrase, root: fromBase64(own.root) };
  }

  /** Every secret a chat has had (the profile phrase if any period used it), the current one first. */
  static all(all: ChatSecretsValue, chat: ChatRecord, u: Unlocked): ChatSecret[] {
    const entry = ChatSecrets.entry(all, chat.id);
    const uses: Via[] = [];
    for (const p of [...entry.periods].reverse()) if (!uses.includes(p.use)) uses.push(p.use);
    return uses.map((use) => ChatSecrets.secret(entry, use, u));
  }

  /** The secret a chat sends with now: that of its last period. */
  static current(all: ChatSecretsValue, chat: ChatRecord, u: Unlocked): ChatSecret {
    const entry = ChatSecrets.entry(all, chat.id);
    const last = entry.periods.at(-1);
    if (!last) throw new VaultError('corrupt-storage', `The phrase of chat ${chat.name} is missing.`);
    return ChatSecrets.secret(entry, last.use, u);
  }

  /**
   * The secrets that may open a pointer of this chat written at `epoch`, the current one first.
   * The current secret opens any epoch (members switch to a new phrase at different times, and a
   * newer phrase only ever belongs to current members). A retired one opens only pointers from
   * before it was retired: a member removed by a phrase change cannot post new messages. Periods
   * without a date (`from` null, from before dates were kept) never retire anything.
   */
  static forEpoch(all: ChatSecretsValue, chat: ChatRecord, u: Unlocked, epoch: number): ChatSecret[] {
    const entry = ChatSecrets.entry(all, chat.id);
    const { periods } = entry;
    const uses: Via[] = [];
    for (let i = periods.length - 1; i >= 0; i--) {
      const p = periods[i];
      const next = periods.at(i + 1);
      const holds = next === undefined || next.from === null || epoch < next.from;
      if (holds && !uses.includes(p.use)) uses.push(p.use);
    }
    return uses.map((use) => ChatSecrets.secret(entry, use, u));
  }

  /**
   * The entry after the chat moves to `phrase` (undefined: the profile's) from second `from`.
   * A phrase it had before keeps its number.
   */
  static withPeriod(entry: Entry, phrase: { phrase: string; root: Uint8Array; salt?: Uint8Array | undefined } | undefined, from: number): Entry {
    let phrases = entry.phrases;
    let use: Via = VIA_PROFILE;
    if (phrase) {
      const known = phrases.findIndex((p) => p.phrase === phrase.phrase);
      if (known >= 0) use = known + 1;
      else {
        phrases = [...phrases, { phrase: phrase.phrase, root: toBase64(phrase.root), ...(phrase.salt && { salt: toBase64(phrase.salt) }) }];
        use = phrases.length;
      }
    }
    return { phrases, periods: [...entry.periods, { from, use }] };
  }

  /**
   * A contact chat's key: X25519 of our private key and their public key, then HKDF — kept while
   * unlocked (`privateKey` is asked for only when the key is not known yet).
   */
  contactKey(myPublicKey: string, theirPublicKey: string, privateKey: () => Uint8Array): Uint8Array {
    const id = `contact/${myPublicKey}/${theirPublicKey}`;
    let key = this.keys.get(id);
    if (!key) {
      const mine = privateKey();
      key = contactChatKey(mine, fromBase64(myPublicKey), fromBase64(theirPublicKey));
      mine.fill(0);
      this.keys.set(id, key);
    }
    return key;
  }

  /** A sealed chat key: one HKDF from a root and a seed suffix, kept while unlocked. */
  chatKey(root: Uint8Array, seedSuffix: string): Uint8Array {
    // By a digest of the root, not the root itself: no second copy of a secret as a string.
    const id = `${bytesToHex(sha256(root))}/${bytesToHex(utf8(seedSuffix))}`;
    let key = this.keys.get(id);
    if (!key) {
      key = sealedChatKey(root, seedSuffix);
      this.keys.set(id, key);
    }
    return key;
  }
}

