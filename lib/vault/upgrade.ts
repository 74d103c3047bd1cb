/**
 * Bringing a profile of schema 3 up to date. What is sealed can only be moved with the keys, so
 * it happens at the first unlock after the update, in steps that each can be interrupted and
 * resumed without loss:
 *
 * 1. the profile gets its sealed secrets (index key, profile root) — see auth.ts;
 * 2. the chats' phrases get dates and sealed roots (`chatPhrases` → `chatSecrets`);
 * 3. history moves from `storage.local` buckets into the history store, one legacy bucket per
 *    write, the history state recording how far it got; then the old keys are removed, then the
 *    catalog stops pointing at them.
 *
 * A schema 3 phrase change that a crash interrupted is finished first, the way schema 3 did it.
 * @module
 */
import { fromBase32 } from '../encoding/base32.ts';
import { toBase64 } from '../encoding/bytes.ts';
import { parsePointer } from '../clm/format.ts';
import { deriveSealedRoot, parseSealedPointer, SEALED_PREFIX } from '../sealed/v1.ts';
import { arrayOf, integer, nullable, object, oneOf, optional, recordOf, string } from '../wire/validate.ts';
import { openText, sealText } from './box.ts';
import { ChatSecrets } from './chat-secrets.ts';
import { assertStillUnlocked, type VaultContext } from './context.ts';
import type { NewMessage } from './history/history.ts';
import { VIA_UNKNOWN } from './history/records.ts';
import type { Opened } from './phrase-change.ts';
import { type CatalogRecord, type ChatSecretsValue, LOCAL_KEYS, type ProfileRecord, type SealedRecord } from './schema.ts';
import type { Unlocked } from './session.ts';
import { type Head, parseRecord } from './store.ts';
import { chatRef, strandedRef } from './views.ts';

const LEGACY_BUCKET_SIZE = 64;
const legacyPhrasesAad = (gen: number) => `clm-ext/v1/chat-phrases/${gen}`;
const checkLegacyPhrases = recordOf(arrayOf(string({ min: 1, max: 1_000_000 }), 1000), 100_000);
const checkLegacyMessage = object({
  id: integer(1, Number.MAX_SAFE_INTEGER),
  chatId: string({ max: 256 }),
  kind: oneOf('sent', 'received'),
  epoch: integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  savedAt: integer(0, Number.MAX_SAFE_INTEGER),
  trashedAt: nullable(integer(0, Number.MAX_SAFE_INTEGER)),
});
const checkLegacyBucket = object({ gen: integer(1, 2 ** 31), messages: arrayOf(checkLegacyMessage, LEGACY_BUCKET_SIZE), box: string({ max: 10_000_000 }) });
const checkLegacySecrets = arrayOf(object({ sender: string({ max: 1_000_000 }), text: string({ max: 1_000_000 }), pointer: string({ max: 1_000_000 }), format: optional(oneOf('sealed')) }), LEGACY_BUCKET_SIZE);
type LegacyBucket = ReturnType<typeof checkLegacyBucket>;

const legacyBucketAad = (n: number, b: LegacyBucket) =>
  `clm-ext/v1/bucket/${n}/${b.gen}/${JSON.stringify(b.messages.map((m) => [m.id, m.chatId, m.kind, m.epoch, m.savedAt, m.trashedAt]))}`;
const legacyKey = (n: number) => `${LOCAL_KEYS.legacyBucketPrefix}${n}`;

/** Whether the profile is still as schema 3 wrote it (its secrets not yet sealed as one). */
export function isLegacyProfile(profile: ProfileRecord): boolean {
  return profile.sealed === undefined;
}

function legacyBucketNumbers(catalog: CatalogRecord): number[] {
  const next = catalog.nextMessageId;
  if (next === undefined) return [];
  return Array.from({ length: Math.floor((next - 1) / LEGACY_BUCKET_SIZE) + 1 }, (_, n) => n);
}

/** Finishes (or undoes) a schema 3 phrase change: re-seals its records under `opened.target`, then the profile. */
export async function finishLegacyChange(ctx: VaultContext, head: Head, opened: Opened): Promise<void> {
  const target = opened.historyKeys.get(opened.target);
  if (!target) return;
  const reseal = (record: SealedRecord, aad: (gen: number) => string): SealedRecord | undefined => {
    const key = opened.historyKeys.get(record.gen);
    const json = key && openText(key, record.box, aad(record.gen));
    return json === undefined ? undefined : { gen: opened.target, box: sealText(target, json, aad(opened.target), ctx.random) };
  };
  let current = head;
  if (current.legacyChatPhrases && current.legacyChatPhrases.gen !== opened.target) {
    const next = reseal(current.legacyChatPhrases, legacyPhrasesAad);
    if (next) {
      current = { ...current, legacyChatPhrases: next };
      await ctx.local.commit({ [LOCAL_KEYS.legacyChatPhrases]: next }, current);
    }
  }
  for (const n of legacyBucketNumbers(current.catalog)) {
    const raw = (await ctx.local.area.get([legacyKey(n)]))[legacyKey(n)];
    if (raw === undefined) continue;
    const bucket = parseRecord(checkLegacyBucket, raw, legacyKey(n));
    if (bucket.gen === opened.target) continue;
    const next = reseal({ gen: bucket.gen, box: bucket.box }, (gen) => legacyBucketAad(n, { ...bucket, gen }));
    if (next) await ctx.local.commit({ [legacyKey(n)]: { ...bucket, gen: next.gen, box: next.box } }, current);
  }
  await ctx.local.commit({ [LOCAL_KEYS.profile]: opened.finalProfile }, { ...current, profile: opened.finalProfile });
}

/** Step 2: the chats' phrases, with a sealed root each (one scrypt per phrase, once). */
async function upgradeChatPhrases(ctx: VaultContext, u: Unlocked): Promise<void> {
  let head = await ctx.local.head();
  const legacy = head.legacyChatPhrases;
  if (!legacy) return;
  if (!head.chatSecrets) {
    const key = u.history.keys.get(legacy.gen);
    const json = key && openText(key, legacy.box, legacyPhrasesAad(legacy.gen));
    const phrases = json === undefined ? {} : parseRecord(checkLegacyPhrases, JSON.parse(json), 'chatPhrases');
    const value: ChatSecretsValue = {};
    for (const chat of head.catalog.chats) {
      const own = Object.hasOwn(phrases, chat.id) ? (phrases[chat.id] ?? []) : [];
      if (own.length === 0) continue;
      const list = [];
      for (const phrase of own) list.push({ phrase, root: toBase64(await deriveSealedRoot(phrase)) });
      // Their dates are unknown: every one of them holds for every epoch, as before.
      const periods = list.map((_, i) => ({ from: null, use: i + 1 }));
      value[chat.id] = { phrases: list, periods: chat.phrase === 'master' ? [...periods, { from: null, use: 0 }] : periods };
    }
    assertStillUnlocked(ctx, u);
    const chatSecrets = ChatSecrets.seal(u, value, ctx.random);
    head = { ...head, chatSecrets };
    await ctx.local.commit({ [LOCAL_KEYS.chatSecrets]: chatSecrets }, head);
  }
  await ctx.local.drop([LOCAL_KEYS.legacyChatPhrases], { ...head, legacyChatPhrases: null });
}

function legacyMessage(m: ReturnType<typeof checkLegacyMessage>, secret: ReturnType<typeof checkLegacySecrets>[number]): NewMessage & { id: number } {
  let wireId = m.chatId;
  let data: Uint8Array = new Uint8Array();
  try {
    if (secret.format === 'sealed') {
      const bytes = fromBase32(parseSealedPointer(secret.pointer).canonical.slice(SEALED_PREFIX.length));
      if (bytes instanceof Uint8Array) data = bytes;
    } else {
      const parsed = parsePointer(secret.pointer);
      wireId = parsed.chatId;
      data = parsed.data;
    }
  } catch {
    // a pointer schema 3 saved always reads; if not, the text is kept without it
  }
  return {
    id: m.id,
    kind: m.kind,
    epoch: m.epoch,
    savedAt: m.savedAt,
    trashedAt: m.trashedAt,
    format: secret.format ?? 'clm',
    via: VIA_UNKNOWN,
    wireId,
    sender: secret.sender,
    text: secret.text,
    data,
  };
}

/** Step 3: history into the history store, one legacy bucket per write. */
async function moveLegacyHistory(ctx: VaultContext, u: Unlocked): Promise<void> {
  const head = await ctx.local.head();
  const numbers = legacyBucketNumbers(head.catalog);
  if (head.catalog.nextMessageId === undefined) return;
  const chats = new Map(head.catalog.chats.map((c) => [c.id, c]));
  const k = u.history;
  for (const n of numbers) {
    if (n <= ((await ctx.history.state(k)).migratedThrough ?? -1)) continue;
    const raw = (await ctx.local.area.get([legacyKey(n)]))[legacyKey(n)];
    const batches = new Map<string, (NewMessage & { id: number })[]>();
    const stranded = new Set<string>();
    const hwm = new Map<string, number>();
    if (raw !== undefined) {
      const bucket = parseRecord(checkLegacyBucket, raw, legacyKey(n));
      const key = k.keys.get(bucket.gen);
      const json = key && openText(key, bucket.box, legacyBucketAad(n, bucket));
      // A box that cannot be opened could not be read before either; it stays where it is.
      const secrets = json === undefined ? undefined : checkLegacySecrets(JSON.parse(json), 'bucket');
      if (secrets?.length === bucket.messages.length) {
        bucket.messages.forEach((m, i) => {
          const secret = secrets.at(i);
          if (!secret) return;
          const chat = chats.get(m.chatId);
          const ref = chat ? chatRef(chat) : strandedRef(m.chatId);
          if (!chat) stranded.add(m.chatId);
          const message = legacyMessage(m, secret);
          batches.set(ref, [...(batches.get(ref) ?? []), message]);
          // The seconds this profile's CLM pointers used stay used (no keystream twice).
          const suffix = chat?.seedSuffix ?? `chat_${m.chatId}`;
          const counts = message.format === 'clm' && (m.kind === 'sent' || m.epoch <= Math.floor(m.savedAt / 1000) + 300);
          if (counts) hwm.set(suffix, Math.max(hwm.get(suffix) ?? -Infinity, m.epoch));
        });
      }
    }
    assertStillUnlocked(ctx, u);
    await ctx.history.append(
      k,
      [...batches].map(([ref, messages]) => ({ ref, messages })),
      (s) => ({
        ...s,
        migratedThrough: n,
        stranded: [...new Set([...s.stranded, ...stranded])],
        hwm: { ...s.hwm, ...Object.fromEntries([...hwm].map(([suffix, e]) => [suffix, Math.max(e, s.hwm[suffix] ?? -Infinity)])) },
      }),
    );
    await ctx.pause();
  }
  // `migratedThrough` stays: until the catalog forgets the legacy buckets below, it is what keeps
  // a resumed upgrade from moving a bucket twice.
  const next = head.catalog.nextMessageId;
  await ctx.history.updateState(k, (s) => ({ ...s, nextId: Math.max(s.nextId, next) }));
  await ctx.local.drop(numbers.map(legacyKey), head);
  const { nextMessageId: _moved, ...catalog } = head.catalog;
  await ctx.local.commit({ [LOCAL_KEYS.catalog]: catalog }, { ...head, catalog });
}

/** Steps 2 and 3, each skipped when done. */
export async function upgradeLegacyData(ctx: VaultContext, u: Unlocked): Promise<void> {
  await upgradeChatPhrases(ctx, u);
  await moveLegacyHistory(ctx, u);
}

