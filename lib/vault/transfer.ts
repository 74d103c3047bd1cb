/**
 * Export and restore of the whole profile (the file format is backup.ts's).
 * @module
 */
import { fromBase64, toBase64 } from '../encoding/bytes.ts';
import { defaultSeedSuffix, nextChatId } from '../clm/format.ts';
import { LIMITS } from '../wire/limits.ts';
import { VaultError } from './errors.ts';
import { deriveSealedRoot } from '../sealed/v1.ts';
import type { BackupPreviewView, BackupResultView } from '../wire/views.ts';
import { setupProfile } from './auth.ts';
import { type BackupBody, type BackupMessage, openBackup, sealBackup } from './backup.ts';
import { ChatSecrets } from './chat-secrets.ts';
import { assertStillUnlocked, type Ready, requireUnlocked, stopOnLock, type VaultContext } from './context.ts';
import type { HistoryState } from './history/directory.ts';
import type { NewMessage } from './history/history.ts';
import type { StoredMessage } from './history/records.ts';
import { cleanPhrase } from './input.ts';
import { wireIdOf } from './resolve.ts';
import { type CatalogRecord, type ChatRecord, type ChatSecretsValue, type ContactRecord, LOCAL_KEYS } from './schema.ts';
import { verifyProfilePhrase } from './verify.ts';
import { adoptIdentities, knownIdentities } from './contacts.ts';
import { chatRef, strandedRef } from './views.ts';
import { immediate, type Operations, queued } from './operation.ts';
import { status } from './profile.ts';

const BATCH = 2000;

const toBackup = (m: StoredMessage): BackupMessage => ({
  kind: m.kind,
  epoch: m.epoch,
  savedAt: m.savedAt,
  trashedAt: m.trashedAt,
  format: m.format,
  via: m.via,
  wireId: m.wireId,
  sender: m.sender,
  text: m.text,
  data: toBase64(m.data),
});

const fromBackup = (m: BackupMessage): NewMessage => ({ ...m, data: fromBase64(m.data) });

/**
 * The backup file of the profile, sealed under the profile phrase — asked again, like every
 * operation that lets everything out at once.
 * @throws {VaultError} `wrong-phrase`, `throttled`, `locked`
 */
export async function exportBackup(ctx: VaultContext, input: { phrase: string }): Promise<{ file: string; fileName: string; messages: number }> {
  const { head, unlocked, profile } = await requireUnlocked(ctx);
  (await verifyProfilePhrase(ctx, profile, input.phrase, 'That is not your profile phrase.')).wrapKey.fill(0);
  const k = unlocked.history;
  const state = await ctx.history.state(k);
  const secrets = ctx.secrets.open(head.chatSecrets, unlocked);
  let messages = 0;
  const chats: BackupBody['chats'][number][] = [];
  for (const chat of head.catalog.chats) {
    const list = (await ctx.history.all(k, chatRef(chat))).map(toBackup);
    messages += list.length;
    chats.push({
      id: chat.id,
      clmId: wireIdOf(chat),
      name: chat.name,
      seedSuffix: chat.seedSuffix,
      format: chat.format,
      phrase: chat.phrase,
      createdAt: chat.createdAt,
      secrets: Object.hasOwn(secrets, chat.id) ? (secrets[chat.id] ?? null) : null,
      ...(chat.contact && { contact: chat.contact }),
      messages: list,
    });
  }
  const stranded: BackupBody['stranded'][number][] = [];
  for (const wireId of state.stranded) {
    const list = (await ctx.history.all(k, strandedRef(wireId))).map(toBackup);
    messages += list.length;
    stranded.push({ wireId, messages: list });
  }
  const identities = knownIdentities({ head, unlocked, profile });
  const now = ctx.now();
  const body: BackupBody = {
    createdAt: now,
    profile: { username: profile.username, createdAt: profile.createdAt },
    settings: head.settings,
    chats,
    stranded,
    hwm: state.hwm,
    hwmFloor: state.hwmFloor,
    ...(identities && { identity: identities }),
  };
  assertStillUnlocked(ctx, unlocked);
  const file = await sealBackup(body, unlocked.phrase, ctx.kdfCost, ctx.random, stopOnLock(ctx));
  return { file, fileName: `clm-backup-${new Date(now).toISOString().slice(0, 10)}.json`, messages };
}

/** What a backup holds, opened with `phrase` (nothing is written). */
export async function previewBackup(input: { file: string; phrase: string }): Promise<BackupPreviewView> {
  const body = await openBackup(input.file, cleanPhrase(input.phrase));
  return {
    username: body.profile.username,
    createdAt: body.createdAt,
    chats: body.chats.length,
    chatsWithOwnPhrase: body.chats.filter((c) => c.phrase === 'own').length,
    messages: body.chats.reduce((n, c) => n + c.messages.length, 0) + body.stranded.reduce((n, s) => n + s.messages.length, 0),
  };
}

type BackupChat = BackupBody['chats'][number];

/**
 * A backup chat as it must be here. Restored into a profile with another phrase (the user changed
 * it since, or merges an old profile), a chat that used the backup's profile phrase keeps that
 * phrase as its own: it goes on reading and writing exactly the pointers it did.
 */
function adopt(chat: BackupChat, foreign: { phrase: string; root: string } | null): BackupChat {
  // A contact chat has no phrase: its key comes from the two cards.
  if (!foreign || chat.contact) return chat;
  const entry = chat.secrets ?? { phrases: [], periods: [{ from: null, use: 0 }] };
  if (!entry.periods.some((p) => p.use === 0)) return chat;
  const use = entry.phrases.length + 1;
  return {
    ...chat,
    phrase: 'own',
    secrets: { phrases: [...entry.phrases, { phrase: foreign.phrase, root: foreign.root }], periods: entry.periods.map((p) => (p.use === 0 ? { ...p, use } : p)) },
    messages: chat.messages.map((m) => (m.via === 0 ? { ...m, via: use } : m)),
  };
}

/** The chat of the profile that is the backup's `chat`: same CLM number, suffix and secret. */
function sameChat(ready: Ready, all: ChatSecretsValue, chat: BackupChat): ChatRecord | undefined {
  const contact = chat.contact;
  if (contact) return ready.head.catalog.chats.find((c) => c.contact?.theirPublicKey === contact.theirPublicKey);
  const ownPhrase = chat.secrets?.phrases.at((chat.secrets.periods.at(-1)?.use ?? 0) - 1)?.phrase;
  return ready.head.catalog.chats.find(
    (c) =>
      wireIdOf(c) === chat.clmId &&
      c.seedSuffix === chat.seedSuffix &&
      c.phrase === chat.phrase &&
      (chat.phrase === 'master' || ChatSecrets.current(all, c, ready.unlocked).phrase === ownPhrase),
  );
}

const key = (m: { format: string; wireId: string; epoch: number; data: Uint8Array }) => `${m.format}\u0000${m.wireId}\u0000${m.epoch}\u0000${toBase64(m.data)}`;

/** How the backup's chats go into a profile: which are here already, which are added, which left out. */
interface RestorePlan {
  readonly catalog: CatalogRecord;
  readonly secrets: ChatSecretsValue;
  readonly targets: readonly { readonly ref: string; readonly messages: readonly BackupMessage[] }[];
  readonly chatsAdded: number;
  /** Contact chats here that gained the backup's keys of ours. */
  readonly contactsWidened: number;
  readonly leftOut: readonly { readonly name: string; readonly reason: string }[];
}

/**
 * Places the backup's chats (pure: nothing is written). `catalog` and `secrets` are the
 * profile's (a first run: none). Checked against what a profile can hold before anything is
 * written, so that no record is stored that the next worker could not read.
 * @throws {VaultError} `invalid-input` when the chats would not fit in one profile
 */
function placeChats(body: BackupBody, base: CatalogRecord, baseSecrets: ChatSecretsValue, same: (chat: BackupChat) => ChatRecord | undefined, foreign: { phrase: string; root: string } | null): RestorePlan {
  const chats = [...base.chats];
  const secrets: ChatSecretsValue = { ...baseSecrets };
  const ids = new Set(chats.map((c) => c.id));
  const taken = new Set(chats.flatMap((c) => (c.wireId === undefined ? [c.id] : [c.id, c.wireId])));
  const targets: { ref: string; messages: readonly BackupMessage[] }[] = [];
  const leftOut: { name: string; reason: string }[] = [];
  let serial = base.nextSerial;
  let chatsAdded = 0;
  let contactsWidened = 0;
  for (const chat of body.chats.map((c) => adopt(c, foreign))) {
    const existing = same(chat);
    if (existing) {
      targets.push({ ref: chatRef(existing), messages: chat.messages });
      // The same contact, added here with another identity of ours: the contact may still write
      // to the backup's one (they hold that card), so this chat must try its keys too — else
      // their pointers stop opening after the merge. Our identities adopt the backup's.
      const at = chats.findIndex((c) => c.id === existing.id);
      const now = at < 0 ? undefined : chats[at];
      const widened = now?.contact && chat.contact && withKeysOf(now.contact, chat.contact);
      if (now && widened) {
        chats[at] = { ...now, contact: widened };
        contactsWidened++;
      }
      continue;
    }
    // Two chats on the profile phrase with one CLM number could each claim a pointer: as when a
    // chat is made by hand, the backup's is left out (the person renumbers theirs, restores again).
    const clash = chat.phrase === 'master' ? chats.find((c) => c.phrase === 'master' && wireIdOf(c) === chat.clmId) : undefined;
    if (clash) {
      leftOut.push({ name: chat.name, reason: `your chat “${clash.name}” has CLM number ${chat.clmId} with another seed suffix` });
      continue;
    }
    const id = ids.has(chat.id) ? nextChatId(taken) : chat.id;
    ids.add(id);
    taken.add(id);
    const record: ChatRecord = {
      id,
      name: chat.name,
      seedSuffix: chat.seedSuffix,
      createdAt: chat.createdAt,
      format: chat.format,
      phrase: chat.phrase,
      serial: serial++,
      ...(chat.clmId !== id && { wireId: chat.clmId }),
      ...(chat.contact && { contact: chat.contact }),
    };
    chats.push(record);
    if (chat.secrets) secrets[id] = chat.secrets;
    targets.push({ ref: chatRef(record), messages: chat.messages });
    chatsAdded++;
  }
  if (chats.length > LIMITS.chats) {
    throw new VaultError('invalid-input', `This backup has ${chatsAdded} chats you do not have; with yours that is more than the ${LIMITS.chats} a profile holds. Delete some chats, then restore again. Nothing was changed.`);
  }
  // Stranded messages go into the chat of their number if the person has added it since.
  for (const s of body.stranded) {
    const home = chats.find((c) => c.phrase === 'master' && wireIdOf(c) === s.wireId && c.seedSuffix === defaultSeedSuffix(s.wireId));
    targets.push({ ref: home ? chatRef(home) : strandedRef(s.wireId), messages: s.messages });
  }
  return { catalog: { ...base, chats, nextSerial: serial }, secrets, targets, chatsAdded, contactsWidened, leftOut };
}

/** `here` with the backup's keys of ours it lacks as former ones (at most 100), or undefined if it has them all. */
function withKeysOf(here: ContactRecord, backup: ContactRecord): ContactRecord | undefined {
  const have = new Set([here.myPublicKey, ...here.formerPublicKeys]);
  const more = [backup.myPublicKey, ...backup.formerPublicKeys].filter((k) => !have.has(k));
  if (more.length === 0) return undefined;
  return { ...here, formerPublicKeys: [...here.formerPublicKeys, ...more].slice(0, 100) };
}

/** The state with the backup's used seconds marked (never lowered). */
const withMarks = (body: BackupBody) => (s: HistoryState): HistoryState => ({
  ...s,
  hwm: { ...s.hwm, ...Object.fromEntries(Object.entries(body.hwm).map(([suffix, e]) => [suffix, Math.max(e, s.hwm[suffix] ?? Number.MIN_SAFE_INTEGER)])) },
  hwmFloor: Math.max(s.hwmFloor, body.hwmFloor),
});

/**
 * Restores a backup: on the first run it makes the profile (with the backup's name and the phrase
 * it was made with) and its chats and settings as they were — in the profile's first write, with
 * the backup's used seconds marked before it; into an unlocked profile it merges — a chat that is
 * already here gains only the messages it lacks. Everything is checked before the first write;
 * the messages go in afterwards, and restoring again after a stop adds only what is missing.
 * @throws {VaultError} `phrase-mismatch`, `invalid-input`, `unsupported-version`, `locked`, storage errors
 */
export async function restoreBackup(ctx: VaultContext, input: { file: string; phrase: string }): Promise<BackupResultView> {
  const phrase = cleanPhrase(input.phrase);
  const body = await openBackup(input.file, phrase, stopOnLock(ctx));
  const fresh = !(await ctx.local.head()).profile;
  let plan: RestorePlan;
  let ready: Ready;
  if (fresh) {
    plan = placeChats(body, { chats: [], nextSerial: 0 }, {}, () => undefined, null);
    const placed = plan;
    await setupProfile(
      ctx,
      // The backup's own phrase, not one chosen now (the backup opened with it): no strength question.
      { username: body.profile.username, phrase, confirmPhrase: phrase, weakPhraseAccepted: true },
      {
        identity: body.identity,
        settings: body.settings,
        prepare: async (u) => {
          await ctx.history.updateState(u.history, withMarks(body));
          return { catalog: placed.catalog, chatSecrets: Object.keys(placed.secrets).length > 0 ? ChatSecrets.seal(u, placed.secrets, ctx.random) : null };
        },
      },
    );
    ready = await requireUnlocked(ctx);
  } else {
    ready = await requireUnlocked(ctx);
    const { head, unlocked } = ready;
    const all = ctx.secrets.open(head.chatSecrets, unlocked);
    const foreign = phrase !== unlocked.phrase ? { phrase, root: toBase64(await deriveSealedRoot(phrase)) } : null;
    plan = placeChats(body, head.catalog, all, (chat) => sameChat(ready, all, chat), foreign);
    // The seconds first: whatever happens next (even a stop mid-restore), no send reuses one of them.
    await ctx.history.updateState(unlocked.history, withMarks(body));
    // The backup's identities, beside ours: its contact chats open what was written to them.
    if (body.identity) ready = await adoptIdentities(ctx, ready, body.identity, false, plan.catalog);
    if (plan.chatsAdded > 0 || plan.contactsWidened > 0) {
      assertStillUnlocked(ctx, unlocked);
      const chatSecrets = ChatSecrets.seal(unlocked, plan.secrets, ctx.random);
      const now = await ctx.local.head();
      await ctx.local.commit({ [LOCAL_KEYS.catalog]: plan.catalog, [LOCAL_KEYS.chatSecrets]: chatSecrets }, { ...now, catalog: plan.catalog, chatSecrets });
    }
  }
  const { unlocked } = ready;
  let messagesAdded = 0;
  let alreadyPresent = 0;
  const strandedIds = body.stranded.map((s) => s.wireId);
  for (const target of plan.targets) {
    const here = new Set((await ctx.history.all(unlocked.history, target.ref)).map(key));
    const missing: NewMessage[] = [];
    for (const m of target.messages) {
      const message = fromBackup(m);
      if (here.has(key(message))) alreadyPresent++;
      else {
        here.add(key(message));
        missing.push(message);
      }
    }
    for (let i = 0; i < missing.length; i += BATCH) {
      await ctx.history.append(unlocked.history, [{ ref: target.ref, messages: missing.slice(i, i + BATCH) }], (s: HistoryState) => ({
        ...s,
        stranded: [...new Set([...s.stranded, ...strandedIds.filter((id) => target.ref === strandedRef(id))])],
      }));
      messagesAdded += Math.min(BATCH, missing.length - i);
    }
  }
  return { chatsAdded: plan.chatsAdded, messagesAdded, alreadyPresent, madeProfile: fresh, leftOut: [...plan.leftOut] };
}

export const transferOperations = {
  // In the queue of writes: the backup's used seconds and its messages are read at one moment.
  exportBackup: queued(exportBackup),
  previewBackup: immediate((_ctx, input) => previewBackup(input)),
  restoreBackup: queued(async (ctx, input) => ({ result: await restoreBackup(ctx, input), status: await status(ctx) })),
} satisfies Operations;
