/**
 * Moving in from CLM 2.0.1: its chats and every message of its database, each verified by
 * discovering its pointer again with the profile phrase (CLM keeps the text in the clear beside
 * the pointer, and received pointers exactly as they were pasted). A preview first — what would
 * be added, what is here already, what is refused and why — then the import: the chats in one
 * write, the messages in batches; a stop midway loses nothing, and importing again adds nothing
 * twice.
 * @module
 */
import { clmPublicKey, DEFAULT_CHATS, defaultSeedSuffix, formatPointer, nextChatId, openParsedPointer, parsePointer } from '../clm/format.ts';
import { PointerError } from '../clm/errors.ts';
import type { ClmImportPlanView, ClmImportResultView } from '../wire/views.ts';
import { setupProfile } from './auth.ts';
import { assertStillUnlocked, type Ready, requireUnlocked, type VaultContext } from './context.ts';
import { cleanPhrase } from './input.ts';
import { type Operations, immediate, queued } from './operation.ts';
import { status } from './profile.ts';
import { VaultError } from './errors.ts';
import type { HistoryState } from './history/directory.ts';
import type { NewMessage } from './history/history.ts';
import { VIA_PROFILE } from './history/records.ts';
import { wireIdOf } from './resolve.ts';
import { type CatalogRecord, type ChatRecord, LOCAL_KEYS } from './schema.ts';
import { chatRef, strandedRef } from './views.ts';
import type { ClmDatabase } from '../clm/database.ts';
import { LIMITS } from '../wire/limits.ts';

/** What the import page read from CLM's database: the database less what it could not read. */
export type ClmImportData = Pick<ClmDatabase, 'username' | 'publicKey' | 'chats' | 'rows'>;

const BATCH = 1000;
const NEAR_FUTURE_S = 300;

/** The chat a CLM chat id maps to: one of the profile's, or one to create. */
interface Target {
  readonly clmId: string;
  readonly name: string;
  readonly seedSuffix: string;
  readonly existing: ChatRecord | undefined;
  /** The database has no chat of this id (deleted in CLM, or a pointer for a chat it never had). */
  readonly orphan: boolean;
  /**
   * One of the profile's chats on the profile phrase has this CLM number with another seed
   * suffix: a pointer numbered so could be either's, so the import leaves this chat out (the
   * person can renumber theirs and import again).
   */
  readonly conflict: ChatRecord | undefined;
}

interface Plan {
  readonly view: ClmImportPlanView;
  readonly targets: ReadonlyMap<string, Target>;
  readonly messages: readonly { readonly clmId: string; readonly message: NewMessage }[];
  /** The last second each seed suffix's pointers used (CLM's, even those not imported). */
  readonly marks: ReadonlyMap<string, number>;
  /** Stranded messages here (same CLM number, CLM's suffix) that belong in a chat the import makes. */
  readonly adopt: readonly string[];
}

/**
 * Whether `phrase` is the phrase the database was made with: CLM's public key of its name and
 * that phrase must be the one it stored.
 * @throws {VaultError} `phrase-mismatch`
 */
export function assertDatabasePhrase(data: ClmImportData, phrase: string): void {
  if (data.username === null || data.publicKey === null) return; // nothing to compare: each row is verified anyway
  if (clmPublicKey(data.username, phrase) !== data.publicKey) {
    throw new VaultError(
      'phrase-mismatch',
      `This database was made with another phrase than yours (its public key for “${data.username}” does not match). Nothing was imported.`,
    );
  }
}

/** Which chat each CLM chat id goes to (maps, not searches: a database may name 100,000 chats). */
function targetsOf(data: ClmImportData, chats: readonly ChatRecord[]): Map<string, Target> {
  const known = new Map<string, ClmImportData['chats'][number]>();
  for (const c of data.chats) if (!known.has(c.id)) known.set(c.id, c);
  const byWireId = new Map<string, ChatRecord[]>();
  for (const c of chats) if (c.phrase === 'master') byWireId.set(wireIdOf(c), [...(byWireId.get(wireIdOf(c)) ?? []), c]);
  const targets = new Map<string, Target>();
  const ids = new Set([...known.keys(), ...data.rows.map((r) => r.chatId)]);
  for (const clmId of ids) {
    // A chat id a pointer cannot carry, or that no chat record can hold, is no chat (its rows are refused).
    if (clmId.trim() === '' || clmId.length > LIMITS.chatId) continue;
    const chat = known.get(clmId);
    const seedSuffix = chat?.seedSuffix ?? defaultSeedSuffix(clmId);
    const same = byWireId.get(clmId) ?? [];
    const existing = same.find((c) => c.seedSuffix === seedSuffix);
    const name = chat && chat.name.trim() !== '' ? chat.name : `Chat ${clmId} (from CLM)`;
    targets.set(clmId, { clmId, name, seedSuffix, existing, orphan: !chat, conflict: existing ? undefined : same.at(0) });
  }
  return targets;
}

const key = (clmId: string, canonical: string) => `${clmId}\u0000${canonical}`;
const bytesEqual = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Where a plan is made: the phrase to verify with, the chats there are, and their history (if any). */
interface Place {
  readonly phrase: string;
  readonly chats: readonly ChatRecord[];
  readonly ready: Ready | null;
}

const DOES_NOT_OPEN = 'Damaged row: its pointer does not open with this phrase in its chat.';

/**
 * Verifies every row and sorts it: to import, here already, or refused with the reason.
 * @throws {VaultError} `phrase-mismatch` when the database's public key, or every one of its
 *   rows, says the phrase is not its; `invalid-input` when its chats would not fit in a profile
 */
async function plan(ctx: VaultContext, place: Place, data: ClmImportData): Promise<Plan> {
  assertDatabasePhrase(data, place.phrase);
  const targets = targetsOf(data, place.chats);
  const creating = [...targets.values()].filter((t) => !t.existing && !t.conflict).length;
  if (place.chats.length + creating > LIMITS.chats) {
    throw new VaultError('invalid-input', `This database has ${creating.toLocaleString('en-US')} chats you do not have; with yours, that is more than the ${LIMITS.chats} a profile holds. Nothing was imported.`);
  }
  const seen = new Set<string>();
  const messages: { clmId: string; message: NewMessage }[] = [];
  const refused: { rowId: number; reason: string }[] = [];
  const counts = new Map<string, number>();
  const marks = new Map<string, number>();
  const adopt = new Set<string>();
  let alreadyPresent = 0;
  let opened = 0;
  const now = ctx.now();
  const nowSec = Math.floor(now / 1000);
  // A second CLM used stays used here (no keystream twice) — unless it lies so far ahead of the
  // clock that marking it would stop every send until then; such a second is still skipped by a
  // send, which looks for a stored pointer at the second it is about to use.
  const mark = (suffix: string, epoch: number) => {
    if (epoch <= nowSec + NEAR_FUTURE_S) marks.set(suffix, Math.max(marks.get(suffix) ?? Number.MIN_SAFE_INTEGER, epoch));
  };
  for (const [i, row] of data.rows.entries()) {
    if (i > 0 && i % 500 === 0) {
      await ctx.pause();
      if (place.ready) assertStillUnlocked(ctx, place.ready.unlocked);
    }
    const target = targets.get(row.chatId);
    if (!target) {
      refused.push({ rowId: row.id, reason: 'Damaged row: its chat id is empty or too long to be a chat.' });
      continue;
    }
    let parsed;
    try {
      parsed = parsePointer(row.payload);
    } catch (error) {
      refused.push({ rowId: row.id, reason: `Damaged row: its pointer cannot be read (${error instanceof PointerError ? error.message : 'unknown'})` });
      continue;
    }
    // A pointer CLM sent went out whatever its row says now: its second is used.
    if (row.type === 'sent') mark(target.seedSuffix, parsed.epoch);
    if (parsed.chatId !== row.chatId) {
      refused.push({ rowId: row.id, reason: `Damaged row: it is filed in chat ${row.chatId}, but its pointer is for chat ${parsed.chatId}.` });
      continue;
    }
    if (target.conflict) {
      refused.push({
        rowId: row.id,
        reason: `Not imported: your chat “${target.conflict.name}” has CLM number ${row.chatId} with another seed suffix. Give it another number (Manage → Advanced) and import again.`,
      });
      continue;
    }
    let signed: string;
    let sender: string;
    let text: string;
    try {
      ({ signed, sender, text } = openParsedPointer(parsed, place.phrase, target.seedSuffix));
    } catch {
      refused.push({ rowId: row.id, reason: DOES_NOT_OPEN });
      continue;
    }
    if (signed !== row.message) {
      refused.push({ rowId: row.id, reason: 'Damaged row: its pointer opens to another text than the one the database shows.' });
      continue;
    }
    opened++;
    if (row.type === 'received') mark(target.seedSuffix, parsed.epoch);
    const canonical = formatPointer(parsed.chatId, parsed.epoch, parsed.data);
    if (seen.has(key(row.chatId, canonical))) continue; // CLM's own duplicate: the same pointer saved twice
    seen.add(key(row.chatId, canonical));
    if (place.ready) {
      const same = (m: { format: string; wireId: string; data: Uint8Array }) => m.format === 'clm' && m.wireId === parsed.chatId && bytesEqual(m.data, parsed.data);
      const k = place.ready.unlocked.history;
      if (target.existing && (await ctx.history.findAt(k, chatRef(target.existing), parsed.epoch, same))) {
        alreadyPresent++;
        continue;
      }
      // Discovered here before its chat existed (stranded): it moves into the chat the import makes.
      if (!target.existing && target.seedSuffix === defaultSeedSuffix(target.clmId) && (await ctx.history.findAt(k, strandedRef(target.clmId), parsed.epoch, same))) {
        adopt.add(target.clmId);
        alreadyPresent++;
        continue;
      }
    }
    counts.set(row.chatId, (counts.get(row.chatId) ?? 0) + 1);
    messages.push({
      clmId: row.chatId,
      message: {
        kind: row.type,
        epoch: parsed.epoch,
        savedAt: now,
        trashedAt: row.deleted ? now : null,
        format: 'clm',
        via: VIA_PROFILE,
        wireId: parsed.chatId,
        sender,
        text,
        data: parsed.data,
      },
    });
  }
  // A database without CLM's public key, whose rows do not open one: the phrase is not its own
  // (nothing is made with it). With a matching key, the phrase is right and the rows are odd.
  if (data.publicKey === null && data.rows.length > 0 && opened === 0 && refused.some((r) => r.reason === DOES_NOT_OPEN)) {
    throw new VaultError('phrase-mismatch', 'None of this database’s messages opens with this phrase: it was made with another one. Nothing was imported.');
  }
  const view: ClmImportPlanView = {
    username: data.username,
    chats: [...targets.values()].map((t) => ({
      clmId: t.clmId,
      name: t.existing?.name ?? t.name,
      seedSuffix: t.seedSuffix,
      status: t.existing ? 'existing' : t.conflict ? 'conflict' : t.orphan ? 'orphan' : 'new',
      messages: counts.get(t.clmId) ?? 0,
    })),
    toImport: messages.length,
    alreadyPresent,
    refused,
  };
  return { view, targets, messages, marks, adopt: [...adopt] };
}

/**
 * What importing `data` would do, without writing anything: into the unlocked profile (`ready`),
 * or into a profile yet to be made with `phrase` and CLM's own chats (the first run).
 * @throws {VaultError} `phrase-mismatch`
 */
export async function previewClmImport(ctx: VaultContext, place: Place, data: ClmImportData): Promise<ClmImportPlanView> {
  return (await plan(ctx, place, data)).view;
}

/**
 * Imports `data`: the chats that are missing (one write), then the messages (a write per
 * thousand). The seconds CLM's sent pointers used stay used (no keystream twice).
 */
export async function importClm(ctx: VaultContext, ready: Ready, data: ClmImportData): Promise<ClmImportResultView> {
  const { view, targets, messages, marks, adopt } = await plan(ctx, { phrase: ready.unlocked.phrase, chats: ready.head.catalog.chats, ready }, data);
  const { unlocked } = ready;
  const k = unlocked.history;
  // The seconds first: whatever happens next (a stop, a full disk), no send reuses one of them.
  if (marks.size > 0) {
    await ctx.history.updateState(k, (s: HistoryState) => ({
      ...s,
      hwm: { ...s.hwm, ...Object.fromEntries([...marks].map(([suffix, e]) => [suffix, Math.max(e, s.hwm[suffix] ?? Number.MIN_SAFE_INTEGER)])) },
    }));
  }
  const head = await ctx.local.head();
  // Then the chats: a stop after this write leaves chats without their messages, never the reverse.
  let catalog: CatalogRecord = head.catalog;
  const taken = new Set(catalog.chats.flatMap((c) => (c.wireId === undefined ? [c.id] : [c.id, c.wireId])));
  const ids = new Set(catalog.chats.map((c) => c.id));
  let next = BigInt(nextChatId(taken));
  const refOf = new Map<string, string>();
  // Built once: asked per orphan chat, a scan of every message would cost orphans × rows.
  const reached = new Set(messages.map((m) => m.clmId));
  const made: ChatRecord[] = [];
  const chats = [...catalog.chats];
  let serial = catalog.nextSerial;
  for (const target of targets.values()) {
    if (target.existing) {
      refOf.set(target.clmId, chatRef(target.existing));
      continue;
    }
    if (target.conflict) continue;
    // A chat the database names but that no message of it reaches is still made (a CLM user's
    // chats come along); an orphan id with no message to import is not.
    if (target.orphan && !reached.has(target.clmId) && !adopt.includes(target.clmId)) continue;
    const idFree = !ids.has(target.clmId);
    let id = target.clmId;
    if (!idFree) {
      while (taken.has(String(next))) next++;
      id = String(next++);
    }
    taken.add(id);
    ids.add(id);
    const chat: ChatRecord = {
      id,
      name: target.name,
      seedSuffix: target.seedSuffix,
      createdAt: ctx.now(),
      format: 'clm',
      phrase: 'master',
      serial: serial++,
      ...(!idFree && { wireId: target.clmId }),
    };
    chats.push(chat);
    made.push(chat);
    refOf.set(target.clmId, chatRef(chat));
  }
  if (made.length > 0) {
    catalog = { ...catalog, chats, nextSerial: serial };
    assertStillUnlocked(ctx, unlocked);
    await ctx.local.commit({ [LOCAL_KEYS.catalog]: catalog }, { ...head, catalog });
  }
  // Messages discovered before their chat was made move into it, as "Add chat" does.
  for (const clmId of adopt) {
    const to = refOf.get(clmId);
    if (to === undefined) continue;
    await ctx.history.move(k, strandedRef(clmId), to, (s) => ({ ...s, stranded: s.stranded.filter((x) => x !== clmId) }));
  }
  let imported = 0;
  for (let i = 0; i < messages.length; i += BATCH) {
    const batch = messages.slice(i, i + BATCH);
    const byRef = new Map<string, NewMessage[]>();
    for (const { clmId, message } of batch) {
      const ref = refOf.get(clmId);
      if (ref === undefined) continue;
      byRef.set(ref, [...(byRef.get(ref) ?? []), message]);
    }
    try {
      await ctx.history.append(k, [...byRef].map(([ref, list]) => ({ ref, messages: list })));
    } catch (error) {
      if (error instanceof VaultError && imported > 0 && (error.code === 'storage-full' || error.code === 'storage-failed')) {
        throw new VaultError(
          error.code,
          `${imported.toLocaleString('en-US')} of ${messages.length.toLocaleString('en-US')} messages were imported before ${error.code === 'storage-full' ? "the browser's storage for this extension filled up" : 'the browser refused to save more'}. Free some space (empty the trash, delete old chats), then import again: it adds only what is missing.`,
        );
      }
      throw error;
    }
    imported += batch.length;
    await ctx.pause();
  }
  return { imported: messages.length, alreadyPresent: view.alreadyPresent, refused: view.refused, chatsCreated: made.length };
}

/** The first run: the place a profile yet to be made with `phrase` would give the import (CLM's own three chats). */
function firstRunPlace(phrase: string | undefined): Place {
  if (phrase === undefined) throw new VaultError('invalid-input', 'Enter the phrase this CLM database was made with.');
  const chats = DEFAULT_CHATS.map((c, serial) => ({ ...c, createdAt: 0, format: 'clm' as const, phrase: 'master' as const, serial }));
  return { phrase: cleanPhrase(phrase), chats, ready: null };
}

/** Into the unlocked profile, or (no profile yet) into the one the first run would make. */
async function placeFor(ctx: VaultContext, phrase: string | undefined): Promise<Place> {
  if (!(await ctx.local.head()).profile) return firstRunPlace(phrase);
  const ready = await requireUnlocked(ctx);
  return { phrase: ready.unlocked.phrase, chats: ready.head.catalog.chats, ready };
}

export const clmImportOperations = {
  previewClmImport: immediate(async (ctx, input) => previewClmImport(ctx, await placeFor(ctx, input.phrase), input.database)),
  importClm: queued(async (ctx, input) => {
    const place = await placeFor(ctx, input.phrase);
    if (place.ready === null) {
      // Checked before the profile is made: a wrong phrase (by the database's public key, or
      // because none of its rows opens with it) changes nothing.
      await previewClmImport(ctx, place, input.database);
      // The CLM profile's own phrase (its verifier matched), not one chosen now: no strength question.
      await setupProfile(ctx, { username: input.database.username ?? 'me', phrase: place.phrase, confirmPhrase: place.phrase, weakPhraseAccepted: true });
    }
    const result = await importClm(ctx, await requireUnlocked(ctx), input.database);
    return { result, status: await status(ctx) };
  }),
} satisfies Operations;
