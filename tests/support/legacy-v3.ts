/**
 * Writes a store exactly as schema 3 of this extension kept it in `storage.local` — history in
 * buckets of 64 with their metadata in the clear — so the upgrade can be tested from the real
 * thing. Built with the same primitives schema 3 used (lib/vault/keys.ts, box.ts).
 */
import { clmPublicKey, createPointer, DEFAULT_CHATS } from '../../lib/clm/format.ts';
import { toBase64 } from '../../lib/encoding/bytes.ts';
import { createSealedPointer, deriveSealedRoot, sealedChatKey } from '../../lib/sealed/v1.ts';
import { sealText } from '../../lib/vault/box.ts';
import { derivePhraseKeys, newKdfParams, wrapHistoryKey } from '../../lib/vault/keys.ts';

export interface LegacyMessage {
  readonly chatId: string;
  readonly kind: 'sent' | 'received';
  readonly sender: string;
  readonly text: string;
  readonly epoch: number;
  readonly trashed: boolean;
}

export interface LegacyChat {
  readonly id: string;
  readonly name: string;
  readonly seedSuffix: string;
  readonly format: 'clm' | 'sealed';
  /** A phrase of its own (schema 3 kept a list; the last in use). */
  readonly phrase?: string;
}

export interface LegacyStore {
  readonly items: Record<string, unknown>;
  /** Every message as it was written, with the id schema 3 gave it. */
  readonly messages: readonly (LegacyMessage & { id: number; pointer: string })[];
}

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));

export async function legacyV3Store(options: {
  username: string;
  phrase: string;
  extraChats?: readonly LegacyChat[];
  messages: readonly LegacyMessage[];
  kdfCost?: { N: number; r: number; p: number };
}): Promise<LegacyStore> {
  const kdf = newKdfParams(random, options.kdfCost ?? { N: 2 ** 10, r: 8, p: 1 });
  const keys = await derivePhraseKeys(options.phrase, kdf);
  const historyKey = random(32);
  const createdAt = 1_700_000_000_000;
  const chats = [
    ...DEFAULT_CHATS.map((c) => ({ ...c, createdAt, format: 'clm' as const, phrase: 'master' as const })),
    ...(options.extraChats ?? []).map((c) => ({ id: c.id, name: c.name, seedSuffix: c.seedSuffix, createdAt, format: c.format, phrase: c.phrase === undefined ? ('master' as const) : ('own' as const) })),
  ];
  const own = Object.fromEntries((options.extraChats ?? []).filter((c) => c.phrase !== undefined).map((c) => [c.id, [c.phrase ?? '']]));
  const roots = new Map<string, Uint8Array>();
  const rootOf = async (phrase: string) => {
    let root = roots.get(phrase);
    if (!root) {
      root = await deriveSealedRoot(phrase);
      roots.set(phrase, root);
    }
    return root;
  };
  const written: (LegacyMessage & { id: number; pointer: string })[] = [];
  const buckets = new Map<number, { meta: object[]; secrets: object[] }>();
  let id = 1;
  for (const m of options.messages) {
    const chat = chats.find((c) => c.id === m.chatId);
    const phrase = Object.hasOwn(own, m.chatId) ? (own[m.chatId].at(0) ?? options.phrase) : options.phrase;
    const suffix = chat?.seedSuffix ?? `chat_${m.chatId}`;
    const sealed = chat?.format === 'sealed';
    const pointer = sealed
      ? createSealedPointer({ chatKey: sealedChatKey(await rootOf(phrase), suffix), username: m.sender, chatId: m.chatId, epoch: m.epoch, text: m.text })
      : createPointer({ phrase, username: m.sender, chatId: m.chatId, seedSuffix: suffix, epoch: m.epoch, text: m.text });
    const n = Math.floor(id / 64);
    const bucket = buckets.get(n) ?? { meta: [], secrets: [] };
    const savedAt = m.epoch * 1000 + 500;
    bucket.meta.push({ id, chatId: m.chatId, kind: m.kind, epoch: m.epoch, savedAt, trashedAt: m.trashed ? savedAt + 1 : null });
    bucket.secrets.push({ sender: m.sender, text: m.text, pointer, ...(sealed && { format: 'sealed' }) });
    buckets.set(n, bucket);
    written.push({ ...m, id, pointer });
    id++;
  }
  const items: Record<string, unknown> = {
    schema: { version: 3 },
    profile: {
      username: options.username,
      createdAt,
      kdf,
      verifier: toBase64(keys.verifier),
      historyKeys: { current: 1, wrapped: { '1': wrapHistoryKey(keys.wrapKey, historyKey, 1, random) } },
      sealedClmPublicKey: sealText(historyKey, clmPublicKey(options.username, options.phrase), 'clm-ext/v1/clm-public-key', random),
    },
    catalog: { chats, nextMessageId: id },
    settings: { autoLockMinutes: 15 },
    unlockThrottle: { failures: 0, notBefore: 0 },
  };
  if (Object.keys(own).length > 0) items.chatPhrases = { gen: 1, box: sealText(historyKey, JSON.stringify(own), 'clm-ext/v1/chat-phrases/1', random) };
  for (const [n, b] of buckets) {
    const meta = b.meta as { id: number; chatId: string; kind: string; epoch: number; savedAt: number; trashedAt: number | null }[];
    const aad = `clm-ext/v1/bucket/${n}/1/${JSON.stringify(meta.map((m) => [m.id, m.chatId, m.kind, m.epoch, m.savedAt, m.trashedAt]))}`;
    items[`messages/${n}`] = { gen: 1, messages: meta, box: sealText(historyKey, JSON.stringify(b.secrets), aad, random) };
  }
  return { items, messages: written };
}
