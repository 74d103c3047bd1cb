/**
 * The vault in a real Chromium with the built extension: setup, unlock, the lock lifecycle,
 * storage, and what never leaves it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createPointer } from '../../lib/clm/format.ts';
import { REQUEST_TYPES, type RequestOf, type RequestType } from '../../lib/wire/protocol.ts';
import { deriveSealedRoot, sealedChatKey } from '../../lib/sealed/v1.ts';
import { derivePhraseKeys, type KdfParams } from '../../lib/vault/keys.ts';
import { findNeedles, keyNeedles, readProfile, textNeedles } from '../support/profile-scan.ts';
import { expect, type ExtensionSession, test } from './fixtures.ts';
import { ApiError, type PopupPage } from './pages/popup-page.ts';
import { startTestSite } from './pages/test-site.ts';

const PHRASE = 'correct horse battery staple';
const NEW_PHRASE = 'purple elephant tuesday morning';

/** The extension API inside the worker (and a content script), as far as these tests use it. */
declare const chrome: {
  storage: {
    local: { get(keys: null): Promise<Record<string, unknown>>; set(items: object): Promise<void>; remove(key: string): Promise<void> };
    session: { get(keys: null | string): Promise<Record<string, unknown>> };
  };
  tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> };
  scripting: { executeScript<A extends unknown[]>(injection: { target: { tabId: number }; func: (...args: A) => unknown; args: A }): Promise<{ result?: unknown }[]> };
  action: { getTitle(details: object): Promise<string> };
  idle: { onStateChanged: { dispatch(state: string): void } };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
};

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the background to refuse');
}

async function setUpByApi(popup: PopupPage): Promise<void> {
  await popup.api('setupProfile', { username: 'alice', phrase: PHRASE, confirmPhrase: PHRASE, weakPhraseAccepted: true });
}

test('setup and unlock', async ({ extension }, testInfo) => {
  const popup = await extension.openPopup();
  await popup.createProfile('alice', PHRASE);
  await expect(popup.page.getByRole('list', { name: 'Chats' }).getByRole('listitem')).toHaveText([
    /⚡️ Urgent\s*CLM-compatible\s*0 messages/,
    /💬 General chat\s*CLM-compatible\s*0 messages/,
    /🤫 Secrets\s*CLM-compatible\s*0 messages/,
  ]);
  const worker = await extension.serviceWorker();
  expect(await worker.evaluate(() => chrome.action.getTitle({}))).toBe('Chrono-Library Messenger — unlocked');
  await popup.screenshot(testInfo.outputPath('popup-home-light.png'), 'light');

  await popup.lock();
  expect(await worker.evaluate(() => chrome.action.getTitle({}))).toBe('Chrono-Library Messenger — locked');
  await popup.screenshot(testInfo.outputPath('popup-unlock-light.png'), 'light');
  await popup.screenshot(testInfo.outputPath('popup-unlock-dark.png'), 'dark');

  const started = Date.now();
  await popup.submitPhrase(PHRASE);
  // The slow KDF runs in the background; the popup says it is working meanwhile.
  await expect(popup.page.getByRole('status').filter({ hasText: 'Checking your phrase…' })).toBeVisible();
  await expect(popup.lockBadge).toHaveText('Unlocked');
  console.log(`[figure] unlock through the popup took ${Date.now() - started} ms (scrypt N=2^16, r=8, p=1)`);
  await expect(popup.page.getByRole('list', { name: 'Chats' })).toBeVisible();
  const profile = await popup.api('getProfile', {});
  expect(profile).toMatchObject({ username: 'alice', kdf: { name: 'scrypt', N: 65536, r: 8, p: 1 } });
  expect(profile.clmPublicKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
});

test('wrong phrase is refused, and failures slow down even after closing the popup', async ({ extension }) => {
  let popup = await extension.openPopup();
  await setUpByApi(popup);
  await popup.api('lock', {});
  await popup.page.reload();
  const unlockButton = () => popup.page.getByRole('button', { name: 'Unlock' });

  // Two typos are free; then 1 s, 2 s, 4 s… before the next phrase is even checked.
  const expected = ['', '', ' Wait 1 s before the next try.', ' Wait 2 s before the next try.', ' Wait 4 s before the next try.'];
  for (const [i, tail] of expected.entries()) {
    await expect(unlockButton()).toBeEnabled({ timeout: 10_000 });
    await popup.unlockAndWait(`wrong phrase ${i}`);
    await expect(popup.page.getByRole('alert')).toHaveText(`That phrase does not unlock this profile.${tail}`);
    await expect(popup.lockBadge).toHaveText('Locked');
  }

  // A closed and reopened popup still shows the delay, and the background enforces it.
  await popup.page.close();
  popup = await extension.openPopup();
  await expect(popup.page.getByRole('status').filter({ hasText: /^Try again in \d s\.$/ })).toBeVisible();
  await expect(unlockButton()).toBeDisabled();
  expect((await apiError(popup.api('unlock', { phrase: PHRASE }))).code).toBe('throttled');
  await expect(unlockButton()).toBeEnabled({ timeout: 15_000 });
  await popup.submitPhrase(PHRASE);
  await expect(popup.lockBadge).toHaveText('Unlocked');
});

test('survives service worker restart', async ({ extension }) => {
  const popup = await extension.openPopup();
  await setUpByApi(popup);
  const { pointer } = await popup.api('sendMessage', { chatId: '1', text: 'sent before the worker stopped' });
  const worker = await extension.serviceWorker();
  await worker.evaluate(() => {
    (globalThis as { probe?: string }).probe = 'set before the stop';
  });

  await extension.stopServiceWorker();

  expect(await popup.api('getStatus', {})).toEqual({ state: 'unlocked', username: 'alice' });
  const restarted = await extension.serviceWorker();
  expect(await restarted.evaluate(() => (globalThis as { probe?: string }).probe)).toBeUndefined();
  const page = await popup.api('listMessages', {});
  expect(page.messages.map((m) => [m.text, m.pointer])).toEqual([['sent before the worker stopped', pointer]]);
  await popup.page.reload();
  await expect(popup.lockBadge).toHaveText('Unlocked');
  await expect(popup.page.getByRole('listitem').filter({ hasText: 'General chat' })).toContainText('1 message');
});

test('locked after browser restart, with everything still there', async ({ extension }) => {
  let popup = await extension.openPopup();
  await setUpByApi(popup);
  await popup.api('sendMessage', { chatId: '2', text: 'kept across a browser restart' });

  await extension.restartBrowser();

  popup = await extension.openPopup();
  await expect(popup.lockBadge).toHaveText('Locked');
  const worker = await extension.serviceWorker();
  expect(await worker.evaluate(() => chrome.action.getTitle({}))).toBe('Chrono-Library Messenger — locked');
  // While locked, nothing of history is shown, nor the chats' names (unless chosen in Profile).
  await expect(popup.page.getByRole('list', { name: 'Chats' })).toHaveCount(0);
  expect((await apiError(popup.api('listMessages', {}))).code).toBe('locked');
  await popup.submitPhrase(PHRASE);
  await expect(popup.lockBadge).toHaveText('Unlocked');
  expect((await popup.api('listMessages', {})).messages.map((m) => m.text)).toEqual(['kept across a browser restart']);
});

test('idle auto-lock: not before the chosen minute, pushed back by activity, then locked; and when the system locks', async ({ extension }) => {
  test.setTimeout(150_000);
  const popup = await extension.openPopup();
  await setUpByApi(popup);
  // Watch storage.session from the worker itself: a request from the popup would count as activity.
  const unlocked = async () => 'session' in (await (await extension.serviceWorker()).evaluate(() => chrome.storage.session.get(null)));
  /** Checks every 2 s until `until` (ms since the epoch) that the vault is still unlocked. */
  const staysUnlocked = async (until: number, what: string) => {
    while (Date.now() < until) {
      expect(await unlocked(), `${what}: locked ${Math.round((Date.now() - armedAt) / 1000)} s after auto-lock was set to 1 minute`).toBe(true);
      await popup.page.waitForTimeout(Math.min(2_000, Math.max(0, until - Date.now())));
    }
  };

  await popup.api('setAutoLock', { minutes: 1 });
  const armedAt = Date.now();
  // Not before the chosen time: still unlocked 40 s into the minute.
  await staysUnlocked(armedAt + 40_000, 'before the minute was up');

  // Activity (any request from the extension's pages) starts the minute again.
  const activityAt = Date.now();
  expect((await popup.api('getStatus', {})).state).toBe('unlocked');
  // The first deadline passes with a wide margin: no lock.
  await staysUnlocked(armedAt + 75_000, 'after activity pushed the lock back');

  // And then it locks by itself, a minute after the activity.
  await expect.poll(unlocked, { timeout: activityAt + 105_000 - Date.now(), intervals: [2_000] }).toBe(false);
  const lockedAfter = Date.now() - activityAt;
  console.log(`[figure] auto-lock (1 minute) locked ${Math.round(lockedAfter / 1000)} s after the last activity`);
  expect(lockedAfter).toBeGreaterThanOrEqual(55_000);
  expect(await (await extension.serviceWorker()).evaluate(() => chrome.storage.session.get(null))).toEqual({});
  await popup.page.reload();
  await expect(popup.lockBadge).toHaveText('Locked');

  // The operating system locking the screen locks the vault at once.
  await popup.api('unlock', { phrase: PHRASE });
  await (await extension.serviceWorker()).evaluate(() => {
    chrome.idle.onStateChanged.dispatch('locked');
  });
  await expect.poll(async () => (await popup.api('getStatus', {})).state).toBe('locked');
});

test('concurrent sends lose nothing: two pages, 100 sends each', async ({ extension }) => {
  const first = await extension.openPopup();
  await setUpByApi(first);
  const second = await extension.openPopup();
  const sendAll = (popup: PopupPage, label: string) =>
    popup.page.evaluate(async (l) => {
      const send = (text: string) => chrome.runtime.sendMessage({ type: 'sendMessage', payload: { chatId: '1', text } });
      return Promise.all(Array.from({ length: 100 }, (_, i) => send(`${l} #${i}`)));
    }, label);
  const started = Date.now();
  const [a, b] = await Promise.all([sendAll(first, 'page A'), sendAll(second, 'page B')]);
  console.log(`[figure] 200 concurrent sends from two pages took ${Date.now() - started} ms`);
  expect([...a, ...b].every((reply) => (reply as { ok: boolean }).ok)).toBe(true);
  const page = await first.api('listMessages', { limit: 500 });
  expect(page.total).toBe(200);
  const texts = new Set(page.messages.map((m) => m.text));
  for (let i = 0; i < 100; i++) {
    expect(texts.has(`page A #${i}`)).toBe(true);
    expect(texts.has(`page B #${i}`)).toBe(true);
  }
  expect(new Set(page.messages.map((m) => m.epoch)).size).toBe(200); // no keystream used twice
  // One CLM keystream per second and suffix: a burst can only run ahead of the clock by its length.
  const ahead = Math.max(...page.messages.map((m) => m.epoch)) - Math.floor(Date.now() / 1000);
  console.log(`[figure] the burst of 200 CLM sends in one chat ran ${ahead} s ahead of the clock`);
  expect(ahead).toBeLessThanOrEqual(200);
});

test('change phrase keeps history', async ({ extension }) => {
  const popup = await extension.openPopup();
  await setUpByApi(popup);
  await popup.api('sendMessage', { chatId: '0', text: 'first, under the old phrase' });
  const received = createPointer({
    phrase: PHRASE,
    username: 'bob',
    chatId: '1',
    seedSuffix: 'general',
    epoch: 1_736_854_567,
    text: 'a reply from bob',
  });
  await popup.api('discoverPointer', { pointer: received });

  expect((await apiError(popup.api('changePhrase', { currentPhrase: 'nope', newPhrase: NEW_PHRASE, confirmPhrase: NEW_PHRASE, weakPhraseAccepted: true }))).code).toBe(
    'wrong-phrase',
  );
  await popup.api('changePhrase', { currentPhrase: PHRASE, newPhrase: NEW_PHRASE, confirmPhrase: NEW_PHRASE, weakPhraseAccepted: true });
  await popup.api('sendMessage', { chatId: '0', text: 'second, under the new phrase' });
  await popup.api('lock', {});
  expect((await apiError(popup.api('unlock', { phrase: PHRASE }))).code).toBe('wrong-phrase');
  await popup.api('unlock', { phrase: NEW_PHRASE });
  const texts = (await popup.api('listMessages', {})).messages.map((m) => m.text);
  expect(texts.sort()).toEqual(['a reply from bob', 'first, under the old phrase', 'second, under the new phrase']);
});

test('delete profile', async ({ extension }) => {
  const popup = await extension.openPopup();
  await setUpByApi(popup);
  await popup.api('sendMessage', { chatId: '1', text: 'to be deleted' });
  expect((await apiError(popup.api('deleteProfile', { confirmation: 'delete' }))).code).toBe('confirmation-required');
  expect((await popup.api('getStatus', {})).state).toBe('unlocked');
  expect(await popup.api('deleteProfile', { confirmation: 'DELETE' })).toEqual({ state: 'no-profile', username: null });
  const worker = await extension.serviceWorker();
  expect(await worker.evaluate(() => chrome.storage.local.get(null))).toEqual({});
  expect(await worker.evaluate(() => chrome.storage.session.get(null))).toEqual({});
  await popup.page.reload();
  await expect(popup.page.getByRole('heading', { name: 'Create your profile' })).toBeVisible();
});

test('a full storage.local is refused cleanly, nothing half-written', async ({ extension }) => {
  const popup = await extension.openPopup();
  await setUpByApi(popup);
  await popup.api('sendMessage', { chatId: '1', text: 'fits' });
  const worker = await extension.serviceWorker();
  // Fill chrome.storage.local (its real 10 MB quota) to within a few hundred bytes.
  const filled = await worker.evaluate(async () => {
    const area = (globalThis as unknown as { chrome: { storage: { local: StorageAreaLike } } }).chrome.storage.local;
    interface StorageAreaLike {
      set(items: object): Promise<void>;
      getBytesInUse(keys: null): Promise<number>;
      QUOTA_BYTES: number;
    }
    const free = area.QUOTA_BYTES - (await area.getBytesInUse(null));
    await area.set({ filler: 'x'.repeat(free - 400) });
    return area.QUOTA_BYTES - (await area.getBytesInUse(null));
  });
  expect(filled).toBeLessThan(1000);
  const before = await worker.evaluate(() => chrome.storage.local.get(null));
  const error = await apiError(popup.api('createChat', { name: 'x'.repeat(2000) }));
  expect(error.code).toBe('storage-full');
  expect(error.message).toMatch(/storage for this extension is full/);
  expect(await worker.evaluate(() => chrome.storage.local.get(null))).toEqual(before);
  expect((await popup.api('listChats', {})).map((c) => c.id)).toEqual(['0', '1', '2']);
  expect((await popup.api('listMessages', {})).messages.map((m) => m.text)).toEqual(['fits']);
});

test.describe('with the test build', () => {
  test.use({ testHooks: true });

  test('a full disk under history (IndexedDB refusing, as on a full disk) is refused cleanly', async ({ extension }) => {
    const popup = await extension.openPopup();
    await setUpByApi(popup);
    await popup.api('sendMessage', { chatId: '1', text: 'fits' });
    const worker = await extension.serviceWorker();
    const setFull = (full: boolean) =>
      worker.evaluate((f) => {
        (globalThis as unknown as { clmTestHooks: { historyFull: boolean } }).clmTestHooks.historyFull = f;
      }, full);
    await setFull(true);
    const error = await apiError(popup.api('sendMessage', { chatId: '1', text: 'does not fit' }));
    expect(error.code).toBe('storage-full');
    expect(error.message).toMatch(/storage for this extension is full/);
    expect((await apiError(popup.api('discoverPointer', { pointer: createPointer({ phrase: PHRASE, username: 'bob', chatId: '1', seedSuffix: 'general', epoch: 1_700_000_000, text: 'in' }) }))).code).toBe('storage-full');
    // Nothing half-written: exactly the confirmed message, here and (below) in a fresh worker.
    expect((await popup.api('listMessages', {})).messages.map((m) => m.text)).toEqual(['fits']);
    await setFull(false);
    await popup.api('sendMessage', { chatId: '1', text: 'fits again' });
    await extension.stopServiceWorker();
    expect((await popup.api('listMessages', {})).messages.map((m) => m.text)).toEqual(['fits again', 'fits']);
  });
});

/**
 * A valid request of every type, as a content script could send it: the map's own type makes a
 * missing one a compile error (copied from tests/unit/router.test.ts, with this profile's ids).
 * Reads come first, so that a broken check would hand over secrets before anything changes.
 */
const FOREIGN_REQUESTS: { readonly [T in RequestType]: RequestOf<T> } = {
  getStatus: {},
  getProfile: {},
  exportBackup: { phrase: PHRASE },
  getMyCard: {},
  newIdentity: {},
  addContact: { card: 'CLMCARD1:AAAA' },
  setContactVerified: { chatId: '1', verified: true, safetyNumber: '12345' },
  listChats: {},
  listChatNames: {},
  listMessages: {},
  getMessage: { id: 1 },
  getChatInvite: { chatId: '3' },
  revealChatPhrase: { chatId: '3', masterPhrase: PHRASE },
  discoverPointer: { pointer: '{"c": "1", "e": 1700000000, "d": "00"}' },
  discoverText: { text: 'x' },
  getDiscoveryJob: { jobId: 'a'.repeat(32) },
  getComposeJob: { jobId: 'a'.repeat(32) },
  sendMessage: { chatId: '1', text: 'sent by a content script' },
  writePointerIntoPage: { jobId: 'a'.repeat(32), chatId: '1', text: 'hi' },
  setupProfile: { username: 'mallory', phrase: 'p', confirmPhrase: 'p' },
  unlock: { phrase: PHRASE },
  setAutoLock: { minutes: 5 },
  setChatNamesWhenLocked: { show: true },
  createChat: { name: 'x', clmId: '6' },
  renameChat: { chatId: '1', name: 'y' },
  setChatFormat: { chatId: '1', format: 'sealed' },
  setChatClmId: { chatId: '1', clmId: '7' },
  setChatPhrase: { chatId: '1', phrase: 'own' },
  addChatFromInvite: { invite: 'CLMCHAT1:AAAA' },
  addChatForPointer: { clmId: '77', name: 'Chat 77' },
  trashMessage: { id: 1 },
  restoreMessage: { id: 1 },
  emptyTrash: {},
  deleteMessageForever: { id: 1 },
  clearChatHistory: { chatId: '1' },
  deleteChat: { chatId: '1' },
  changePhrase: { currentPhrase: PHRASE, newPhrase: NEW_PHRASE, confirmPhrase: NEW_PHRASE },
  previewClmImport: { database: { username: null, publicKey: null, chats: [], rows: [] } },
  importClm: { database: { username: null, publicKey: null, chats: [{ id: '9', name: 'Planted', seedSuffix: 'planted' }], rows: [] } },
  previewBackup: { file: '{}', phrase: PHRASE },
  restoreBackup: { file: '{}', phrase: PHRASE },
  lock: {},
  deleteProfile: { confirmation: 'DELETE' },
};

test.describe('scripting a page (a host permission stands in for activeTab: see fixtures.ts)', () => {
  test.use({ testHostAccess: true });

  test('refuses foreign senders: a web page cannot ask, a content script gets no answer to any request nor storage', async ({ extension }) => {
    expect(Object.keys(FOREIGN_REQUESTS).sort()).toEqual([...REQUEST_TYPES].sort());
    const popup = await extension.openPopup();
    await setUpByApi(popup);
    const secretText = 'nobody outside may read this';
    const { pointer } = await popup.api('sendMessage', { chatId: '1', text: secretText });
    await popup.api('createChat', { name: 'Project', phrase: 'the project phrase', weakPhraseAccepted: true });
    const snapshot = async () => ({
      status: await popup.api('getStatus', {}),
      profile: await popup.api('getProfile', {}),
      chats: await popup.api('listChats', {}),
      messages: await popup.api('listMessages', {}),
      trash: await popup.api('listMessages', { trashed: true }),
    });
    const before = await snapshot();

    const site = await startTestSite();
    try {
      const web = await extension.context.newPage();
      const url = site.page('/ordinary', 'An ordinary page', '<p>an ordinary page</p>');
      await web.goto(url);

      // The page itself cannot even address the extension (no externally_connectable).
      const fromPage = await web.evaluate(async (id) => {
        const runtime = (globalThis as { chrome?: { runtime?: { sendMessage?: (...a: unknown[]) => Promise<unknown> } } }).chrome?.runtime;
        if (!runtime?.sendMessage) return 'no runtime.sendMessage';
        try {
          return await runtime.sendMessage(id, { type: 'listMessages', payload: {} });
        } catch (error) {
          return `refused: ${String(error)}`;
        }
      }, extension.extensionId);
      expect(String(fromPage)).toMatch(/no runtime\.sendMessage|refused/);

      // A content script of our own, injected into the page: it carries our id, but the page's URL.
      const worker = await extension.serviceWorker();
      const fromContentScript = await worker.evaluate(
        async ({ url, requests }) => {
          const tab = (await chrome.tabs.query({})).find((t) => t.url === url);
          if (tab?.id === undefined) throw new Error(`no tab at ${url}`);
          const injections = await chrome.scripting.executeScript({
            target: { tabId: tab.id },
            args: [requests],
            func: async (all: [string, unknown][]) => {
              const describe = (value: unknown) => (value === undefined ? 'undefined' : JSON.stringify(value));
              const answers: [string, string][] = [];
              for (const [type, payload] of all) {
                try {
                  answers.push([type, `answered ${describe(await chrome.runtime.sendMessage({ type, payload }))}`]);
                } catch (error) {
                  answers.push([type, `failed ${String(error)}`]);
                }
              }
              const storage: [string, string][] = [];
              for (const area of ['local', 'session'] as const) {
                try {
                  storage.push([area, `read ${describe(await chrome.storage[area].get(null))}`]);
                } catch (error) {
                  storage.push([area, `failed ${String(error)}`]);
                }
              }
              return { answers, storage };
            },
          });
          return injections.at(0)?.result as { answers: [string, string][]; storage: [string, string][] } | undefined;
        },
        { url, requests: Object.entries(FOREIGN_REQUESTS) },
      );
      if (!fromContentScript) throw new Error('the content script did not run');
      // Every request type was sent, and none was answered: not even an error comes back.
      expect(fromContentScript.answers).toEqual(Object.keys(FOREIGN_REQUESTS).map((type) => [type, 'answered undefined']));
      const everything = JSON.stringify(fromContentScript);
      for (const secret of [secretText, pointer, PHRASE, before.profile.clmPublicKey, 'the project phrase']) expect(everything).not.toContain(secret);
      // Neither storage area can be read from a content script (storage.local: setAccessLevel).
      expect(fromContentScript.storage).toEqual([
        ['local', expect.stringMatching(/^failed .*Access to storage is not allowed from this context|^read undefined$/)],
        ['session', expect.stringMatching(/^failed .*Access to storage is not allowed from this context|^read undefined$/)],
      ]);
      // And nothing happened: still unlocked, same profile, chats, messages and trash.
      expect(await snapshot()).toEqual(before);
    } finally {
      await site.close();
    }
  });
});

/** The keys an unlocked session holds in storage.session (memory only), read from the worker. */
async function sessionKeys(extension: ExtensionSession): Promise<{ label: string; key: Uint8Array }[]> {
  const { session } = await (await extension.serviceWorker()).evaluate(() => chrome.storage.session.get('session'));
  const s = session as { historyKeys: Record<string, string>; indexKey: string; profileRoot: string };
  const keys = [
    ...Object.entries(s.historyKeys).map(([generation, key]) => ({ label: `history key ${generation}`, key: Buffer.from(key, 'base64') })),
    { label: 'index key', key: Buffer.from(s.indexKey, 'base64') },
    { label: 'profile root', key: Buffer.from(s.profileRoot, 'base64') },
  ];
  // Keys that could not be read would make the scan below pass for nothing.
  expect(keys.length).toBeGreaterThanOrEqual(3);
  for (const { key } of keys) expect(key.length).toBe(32);
  return keys;
}

/** The scrypt parameters of the profile in storage.local (to derive the never-stored wrap key). */
async function profileKdf(extension: ExtensionSession): Promise<KdfParams> {
  const { profile } = await (await extension.serviceWorker()).evaluate(() => chrome.storage.local.get(null));
  return (profile as { kdf: KdfParams }).kdf;
}

/** A text that Snappy compresses (it repeats), so that a raw byte search cannot find it in a table. */
const canary = (where: string) => `clm-e2e canary in ${where}: ${'it repeats, so Snappy compresses it; '.repeat(20)}`;

/**
 * LevelDB keeps recent writes in its log and writes them into a table (.ldb, blocks compressed with
 * Snappy) only once its write buffer (4 MiB) is full. A short session never gets there, so this
 * fills both of the extension's databases past it with filler the test owns (a key of its own in
 * storage.local, a database of its own in IndexedDB), and waits for the tables: the extension's
 * own records, written before, are then on disk in compressed form too, as in a long-used profile.
 */
async function pushIntoTables(extension: ExtensionSession): Promise<void> {
  const worker = await extension.serviceWorker();
  await worker.evaluate(
    async ({ local, idb }) => {
      await chrome.storage.local.set({ 'clm-e2e-canary': local });
      await chrome.storage.local.set({ 'clm-e2e-filler': Array.from({ length: 330_000 }, (_, i) => `filler line ${i}`).join('\n') });
      // The next write finds the write buffer full and writes the table.
      await chrome.storage.local.remove('clm-e2e-filler');
      await new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('clm-e2e-canary', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('filler');
        open.onerror = () => {
          reject(open.error ?? new Error('open failed'));
        };
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('filler', 'readwrite');
          tx.objectStore('filler').put(idb, 'canary');
          for (let i = 0; i < 150; i++) tx.objectStore('filler').put(Array.from({ length: 3000 }, (_, j) => `idb filler ${i} ${j}`).join(' '), `filler ${i}`);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => {
            reject(tx.error ?? new Error('write failed'));
          };
        };
      });
    },
    { local: canary('storage.local'), idb: canary('IndexedDB') },
  );
  const tables = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => /\.ldb$/.test(f)).length : 0);
  for (const dir of [localDir(extension), indexedDbDir(extension)]) {
    await expect.poll(() => tables(dir), { message: `a LevelDB table in ${dir}` }).toBeGreaterThan(0);
  }
}

const localDir = (extension: ExtensionSession) => join(extension.userDataDir, 'Default', 'Local Extension Settings', extension.extensionId);
const indexedDbDir = (extension: ExtensionSession) => join(extension.userDataDir, 'Default', 'IndexedDB', `chrome-extension_${extension.extensionId}_0.indexeddb.leveldb`);

test('no secret on disk after a full session: no phrase, text or key, in any encoding, even in compressed tables', async ({ extension }) => {
  test.setTimeout(90_000);
  const CHAT_PHRASE = 'a phrase only the project knows';
  const texts = ['meet at the old bridge at nine', 'bring the blue folder', 'the answer from carol', 'said in the project chat', 'and again after the change'];
  const phrases = [PHRASE, NEW_PHRASE, CHAT_PHRASE];
  const popup = await extension.openPopup();
  await popup.createProfile('alice', PHRASE); // typed into the real form, as a person would
  const kdfBefore = await profileKdf(extension);
  await popup.api('sendMessage', { chatId: '1', text: texts[0] ?? '' });
  await popup.api('sendMessage', { chatId: '2', text: texts[1] ?? '' });
  await popup.api('discoverPointer', {
    pointer: createPointer({ phrase: PHRASE, username: 'carol', chatId: '0', seedSuffix: 'urgent', epoch: 1_700_000_000, text: texts[2] ?? '' }),
  });
  // A chat with a phrase of its own (sealed), used before and after the profile phrase changes.
  await popup.api('createChat', { name: 'Project', phrase: CHAT_PHRASE, weakPhraseAccepted: true });
  await popup.api('sendMessage', { chatId: '3', text: texts[3] ?? '' });
  const keysBefore = await sessionKeys(extension);
  await popup.api('changePhrase', { currentPhrase: PHRASE, newPhrase: NEW_PHRASE, confirmPhrase: NEW_PHRASE, weakPhraseAccepted: true });
  await popup.api('sendMessage', { chatId: '3', text: texts[4] ?? '' });
  const keysAfter = await sessionKeys(extension);
  const kdfAfter = await profileKdf(extension);
  const { clmPublicKey } = await popup.api('getProfile', {});
  const history = await popup.api('listMessages', {});
  expect(history.total).toBe(5);

  // Every key that protects something: what the session holds, and what is derived but never kept.
  const chatRoot = await deriveSealedRoot(CHAT_PHRASE);
  const roots = [...keysBefore, ...keysAfter].filter((k) => k.label === 'profile root').map((k) => k.key);
  const keys = [
    ...keysBefore.map((k) => ({ ...k, label: `${k.label} (before the phrase change)` })),
    ...keysAfter.map((k) => ({ ...k, label: `${k.label} (after the phrase change)` })),
    { label: 'wrap key of the first phrase', key: (await derivePhraseKeys(PHRASE, kdfBefore)).wrapKey },
    { label: 'wrap key of the new phrase', key: (await derivePhraseKeys(NEW_PHRASE, kdfAfter)).wrapKey },
    { label: 'the project chat’s root', key: chatRoot },
    { label: 'the project chat’s key', key: sealedChatKey(chatRoot, 'chat_3') },
    ...roots.map((root, i) => ({ label: `general chat’s sealed key (profile root ${i})`, key: sealedChatKey(root, 'general') })),
    { label: 'CLM public key', key: Buffer.from(clmPublicKey, 'base64') },
  ];
  const needles = [
    ...[...phrases, ...texts, clmPublicKey].flatMap((text) => textNeedles(JSON.stringify(text), text)),
    ...keys.flatMap(({ label, key }) => keyNeedles(label, key)),
  ];

  const local = JSON.stringify(await (await extension.serviceWorker()).evaluate(() => chrome.storage.local.get(null)));
  for (const secret of [...phrases, ...texts, clmPublicKey]) expect(local, 'storage.local').not.toContain(secret);
  await pushIntoTables(extension);
  // Close the browser so everything it keeps is flushed to the profile directory.
  await extension.context.close();

  const contents = readProfile(extension.userDataDir);
  // The scan reads what it must: Snappy-compressed tables of both databases (the canaries, which a
  // raw search cannot find there), with the extension's own records in them.
  expect(contents.compressedBlocks).toBeGreaterThan(0);
  const decodedTables = (dir: string) => ({
    ...contents,
    pieces: contents.pieces.filter((p) => p.file.startsWith(dir) && p.file.endsWith('.ldb') && p.what !== 'raw'),
  });
  expect(findNeedles(decodedTables(localDir(extension)), textNeedles('canary', canary('storage.local')))).toContainEqual(expect.stringContaining('(UTF-8)'));
  expect(findNeedles(decodedTables(indexedDbDir(extension)), textNeedles('canary', canary('IndexedDB')))).toContainEqual(expect.stringContaining('(UTF-8)'));
  expect(findNeedles(decodedTables(localDir(extension)), textNeedles('username', '"username":"alice"'))).not.toEqual([]);
  expect(findNeedles(decodedTables(indexedDbDir(extension)), textNeedles('history database', 'clm-history'))).not.toEqual([]);

  expect(findNeedles(contents, needles)).toEqual([]);
  console.log(
    `[figure] scanned ${contents.files} profile files (${(contents.bytes / 1e6).toFixed(1)} MB; ${contents.tables} LevelDB tables, ` +
      `${contents.compressedBlocks} Snappy blocks; ${contents.logs} logs) for ${needles.length} forms of ${phrases.length + texts.length + 1} texts and ${keys.length} keys: none found`,
  );
});
