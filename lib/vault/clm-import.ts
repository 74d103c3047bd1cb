/**
 * Moving in from CLM 2.0.1: its chats and every message of its database, each verified by
 * discovering its pointer again with the profile phrase (CLM keeps the text in the clear beside
 * the pointer, and received pointers exactly as they were pasted). A preview first — what would
 * be added, what is here already, what is refused and why — then the import: the chats in one
 * write, the messages in batches; a stop midway loses nothing, and importing again adds nothing
 * twice.
 * @module
 */
import { clmPublicKey, defaultSeedSuffix, formatPointer, nextChatId, openParsedPointer, parsePointer } from '../clm.ts';
import { PointerError } from '../errors.ts';
import type { ClmImportPlanView, ClmImportResultView } from '../views.ts';
import { assertStillUnlocked, type Ready, type VaultContext } from './context.ts';
import { VaultError } from './errors.ts';
import type { HistoryState } from './history/directory.ts';
import type { NewMessage } from './history/history.ts';
import { VIA_PROFILE } from './history/records.ts';
import { wireIdOf } from './resolve.ts';
import { type CatalogRecord, type ChatRecord, LOCAL_KEYS } from './schema.ts';
import { chatRef } from './views.ts';

/** What the import page read from CLM's database (see lib/clm-db.ts). */
export interface ClmImportData {
  readonly username: string | null;
  readonly publicKey: string | null;
  readonly chats: readonly { readonly id: string; readonly name: string; readonly seedSuffix: string }[];
  readonly rows: readonly {
    readonly id: number;
    readonly type: 'sent' | 'received';
    readonly chatId: string;
    readonly epoch: number;
    readonly message: string;
    readonly payload: string;
    readonly deleted: boolean;
  }[];
}

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
}

interface Plan {
  readonly view: ClmImportPlanView;
  readonly targets: ReadonlyMap<string, Target>;
  readonly messages: readonly { readonly clmId: string; readonly message: NewMessage }[];
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

/** Which chat each CLM chat id goes to. */
function targetsOf(data: ClmImportData, chats: readonly ChatRecord[]): Map<string, Target> {
  const targets = new Map<string, Target>();
  const ids = new Set([...data.chats.map((c) => c.id), ...data.rows.map((r) => r.chatId)]);
  for (const clmId of ids) {
    const known = data.chats.find((c) => c.id === clmId);
    const seedSuffix = known?.seedSuffix ?? defaultSeedSuffix(clmId);
    const existing = chats.find((c) => wireIdOf(c) === clmId && c.seedSuffix === seedSuffix && c.phrase === 'master');
    targets.set(clmId, { clmId, name: known?.name ?? `Chat ${clmId} (from CLM)`, seedSuffix, existing, orphan: !known });
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

/** Verifies every row and sorts it: to import, here already, or refused with the reason. */
async function plan(ctx: VaultContext, place: Place, data: ClmImportData): Promise<Plan> {
  assertDatabasePhrase(data, place.phrase);
  const targets = targetsOf(data, place.chats);
  const seen = new Set<string>();
  const messages: { clmId: string; message: NewMessage }[] = [];
  const refused: { rowId: number; reason: string }[] = [];
  const counts = new Map<string, number>();
  let alreadyPresent = 0;
  const now = ctx.now();
  for (const [i, row] of data.rows.entries()) {
    if (i > 0 && i % 500 === 0) {
      await ctx.pause();
      if (place.ready) assertStillUnlocked(ctx, place.ready.unlocked);
    }
    const target = targets.get(row.chatId);
    if (!target) continue;
    let parsed;
    try {
      parsed = parsePointer(row.payload);
    } catch (error) {
      refused.push({ rowId: row.id, reason: `Damaged row: its pointer cannot be read (${error instanceof PointerError ? error.message : 'unknown'})` });
      continue;
    }
    let signed: string;
    let sender: string;
    let text: string;
    try {
      ({ signed, sender, text } = openParsedPointer(parsed, place.phrase, target.seedSuffix));
    } catch {
      refused.push({ rowId: row.id, reason: 'Damaged row: its pointer does not open with this phrase in its chat.' });
      continue;
    }
    if (signed !== row.message) {
      refused.push({ rowId: row.id, reason: 'Damaged row: its pointer opens to another text than the one the database shows.' });
      continue;
    }
    const canonical = formatPointer(parsed.chatId, parsed.epoch, parsed.data);
    if (seen.has(key(row.chatId, canonical))) continue; // CLM's own duplicate: the same pointer saved twice
    seen.add(key(row.chatId, canonical));
    if (target.existing && place.ready) {
      const here = await ctx.history.findAt(place.ready.unlocked.history, chatRef(target.existing), parsed.epoch, (m) => m.format === 'clm' && m.wireId === parsed.chatId && bytesEqual(m.data, parsed.data));
      if (here) {
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
  const view: ClmImportPlanView = {
    username: data.username,
    chats: [...targets.values()].map((t) => ({
      clmId: t.clmId,
      name: t.existing?.name ?? t.name,
      seedSuffix: t.seedSuffix,
      status: t.existing ? 'existing' : t.orphan ? 'orphan' : 'new',
      messages: counts.get(t.clmId) ?? 0,
    })),
    toImport: messages.length,
    alreadyPresent,
    refused,
  };
  return { view, targets, messages };
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
  const { view, targets, messages } = await plan(ctx, { phrase: ready.unlocked.phrase, chats: ready.head.catalog.chats, ready }, data);
  const { unlocked } = ready;
  const head = await ctx.local.head();
  // The chats first: a stop after this write leaves chats without their messages, never the reverse.
  let catalog: CatalogRecord = head.catalog;
  const refOf = new Map<string, string>();
  let created = 0;
  for (const target of targets.values()) {
    if (target.existing) {
      refOf.set(target.clmId, chatRef(target.existing));
      continue;
    }
    const taken = catalog.chats.flatMap((c) => (c.wireId === undefined ? [c.id] : [c.id, c.wireId]));
    const idFree = !catalog.chats.some((c) => c.id === target.clmId);
    const chat: ChatRecord = {
      id: idFree ? target.clmId : nextChatId(taken),
      name: target.name,
      seedSuffix: target.seedSuffix,
      createdAt: ctx.now(),
      format: 'clm',
      phrase: 'master',
      serial: catalog.nextSerial,
      ...(!idFree && { wireId: target.clmId }),
    };
    catalog = { ...catalog, chats: [...catalog.chats, chat], nextSerial: catalog.nextSerial + 1 };
    refOf.set(target.clmId, chatRef(chat));
    created++;
  }
  if (created > 0) {
    assertStillUnlocked(ctx, unlocked);
    await ctx.local.commit({ [LOCAL_KEYS.catalog]: catalog }, { ...head, catalog });
  }
  const nowSec = Math.floor(ctx.now() / 1000);
  for (let i = 0; i < messages.length; i += BATCH) {
    const batch = messages.slice(i, i + BATCH);
    const byRef = new Map<string, NewMessage[]>();
    const marks = new Map<string, number>();
    for (const { clmId, message } of batch) {
      const ref = refOf.get(clmId);
      if (ref === undefined) continue;
      byRef.set(ref, [...(byRef.get(ref) ?? []), message]);
      const suffix = targets.get(clmId)?.seedSuffix ?? defaultSeedSuffix(clmId);
      if (message.kind === 'sent' || message.epoch <= nowSec + NEAR_FUTURE_S) marks.set(suffix, Math.max(marks.get(suffix) ?? Number.MIN_SAFE_INTEGER, message.epoch));
    }
    await ctx.history.append(unlocked.history, [...byRef].map(([ref, list]) => ({ ref, messages: list })), (s: HistoryState) => ({
      ...s,
      hwm: { ...s.hwm, ...Object.fromEntries([...marks].map(([suffix, e]) => [suffix, Math.max(e, s.hwm[suffix] ?? Number.MIN_SAFE_INTEGER)])) },
    }));
    await ctx.pause();
  }
  return { imported: messages.length, alreadyPresent: view.alreadyPresent, refused: view.refused, chatsCreated: created };
}
