/**
 * `npm run bench:scale`: a lifetime of history through the real extension in Chromium.
 *
 * Seeds a profile of 100,000 messages in 20 chats, plus 100 chats with phrases of their own, with
 * the vault's own code in Node (tests/support/seed.ts), loads it into the built extension's
 * storage, and measures what a person waits for. A benchmark, not a test: it prints; the last
 * line is one JSON object (milliseconds, medians of 5 or more unless said).
 *
 * `CLM_BENCH_SMOKE=1` (bench/mode.ts): 2,000 messages, 3 own-phrase chats, one run of each step,
 * a page of 50 pointers — every step, to see that it runs; `CLM_SCALE_MESSAGES` and
 * `CLM_SCALE_OWN_CHATS` still choose the sizes.
 */
import type { Page } from '@playwright/test';
import { createPointer } from '../lib/clm/format.ts';
import { DEFAULT_KDF_COST } from '../lib/vault/keys.ts';
import type { Vault } from '../lib/vault/vault.ts';
import { openExtensionSession } from '../tests/e2e/fixtures.ts';
import { startTestSite } from '../tests/e2e/pages/test-site.ts';
import { loadSeeded, seedProfile, type SeedMessage } from '../tests/support/seed.ts';
import { spawnSync } from 'node:child_process';
import { full, SMOKE, smokeNotice } from './mode.ts';

declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  storage: { local: { getBytesInUse(keys: null): Promise<number> } };
  tabs: { query(q: object): Promise<{ id?: number }[]> };
  contextMenus: { onClicked: { dispatch(info: object, tab: object): void } };
};

const MESSAGES = Number(process.env.CLM_SCALE_MESSAGES ?? full(100_000, 2000));
const CHATS = 20;
const OWN_PHRASE_CHATS = Number(process.env.CLM_SCALE_OWN_CHATS ?? full(100, 3));
/** How many times each measured step runs (its median is the figure). */
const RUNS = full(5, 1);
/** Sends and discovers: the first WARM_UP are not counted. */
const [WARM_UP, TIMED] = full([5, 20], [1, 2]);
const SCAN_POINTERS = full(1000, 50);
const SEARCH_WORDS = full(5, 1);
const PHRASE = 'correct horse battery staple';
const SUFFIX = (i: number) => (i < 3 ? (['urgent', 'general', 'secrets'][i] ?? '') : `chat_${i}`);
/** Words of which each appears in about 1 % of the messages (searched for). */
const RARE = ['lighthouse', 'marmalade', 'quicksilver', 'tangerine', 'woodpecker'];
const COMMON = ['bridge', 'lantern', 'river', 'harbour', 'orchard', 'meadow', 'station', 'tower'];

/** The `drbgVsClm` ratio `npm run bench` prints, from the same comparison run on its own. */
function drbgVsClm(): number | null {
  const run = spawnSync(process.execPath, ['bench/index.ts', '--discover-only'], { encoding: 'utf8' });
  const line = /^drbgVsClm: ([\d.]+)$/m.exec(run.stdout);
  return line?.[1] === undefined ? null : Number(line[1]);
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const round = (n: number) => Math.round(n * 10) / 10;
const log = (s: string) => {
  console.log(`[scale] ${s}`);
};

/** A 100-character message; message i carries a rare word when i % 100 is its index. */
function textOf(i: number): string {
  const rare = i % 100 < RARE.length ? ` ${RARE[i % 100] ?? ''}` : '';
  return `message ${i} about the ${COMMON[i % 8] ?? ''} near the ${COMMON[(i * 7) % 8] ?? ''}${rare}`.padEnd(100, '.').slice(0, 100);
}

function* messages(): Generator<SeedMessage> {
  const start = 1_700_000_000;
  for (let i = 0; i < MESSAGES; i++) {
    const chat = i % CHATS;
    yield { chatId: String(chat), seedSuffix: SUFFIX(chat), kind: i % 2 ? 'received' : 'sent', sender: i % 2 ? 'bob' : 'alice', text: textOf(i), epoch: start + i };
  }
}

/** One request from an extension page, timed there: what the popup waits for. */
async function timed(page: Page, type: string, payload: object): Promise<{ ms: number; value: unknown }> {
  return page.evaluate(
    async ([t, p]) => {
      const started = performance.now();
      const reply = (await chrome.runtime.sendMessage({ type: t, payload: p })) as { ok: boolean; value?: unknown; error?: { message: string } };
      if (!reply.ok) throw new Error(`${t}: ${reply.error?.message ?? 'failed'}`);
      return { ms: performance.now() - started, value: reply.value };
    },
    [type, payload] as const,
  );
}

/** The popup loaded in `page`: ms from navigation start to its "interactive" mark. */
async function openPopupMs(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('clm:interactive').length > 0, undefined, { timeout: 60_000 });
  return page.evaluate(() => performance.getEntriesByName('clm:interactive')[0]?.startTime ?? NaN);
}

async function main(): Promise<void> {
  smokeNotice('bench/scale.ts');
  const t0 = Date.now();
  let sealedPointerOfLastChat = '';
  const seeded = await seedProfile({
    username: 'alice',
    phrase: PHRASE,
    kdfCost: DEFAULT_KDF_COST,
    chats: [
      ...Array.from({ length: CHATS - 3 }, (_, i) => ({ name: `Chat ${i + 3}`, format: 'clm' as const })),
      ...Array.from({ length: OWN_PHRASE_CHATS }, (_, i) => ({ name: `Own phrase ${i + 1}`, format: 'sealed' as const, phrase: `the own phrase of chat number ${i + 1}` })),
    ],
    messages: messages(),
    afterChats: async (vault: Vault) => {
      // A pointer of the last own-phrase chat that the profile has not seen: written, then
      // deleted from history (its second stays used), so that discovering it must open it.
      const last = (await vault.listChats({})).at(-1);
      if (!last) throw new Error('no chats');
      const sent = await vault.sendMessage({ chatId: last.id, text: 'from the last own-phrase chat' });
      await vault.deleteMessageForever({ id: sent.message.id });
      sealedPointerOfLastChat = sent.pointer;
    },
  });
  const storedBytes = [...seeded.history].reduce((n, [k, v]) => n + k.length + v.byteLength, 0);
  log(`seeded ${seeded.messages} messages, ${CHATS} chats + ${OWN_PHRASE_CHATS} own-phrase chats in Node in ${Date.now() - t0} ms (${seeded.history.size} history records, ${(storedBytes / 1e6).toFixed(1)} MB)`);

  const site = await startTestSite();
  // The copy with a host permission for 127.0.0.1 stands in for the activeTab grant a real menu
  // click gives (tests/e2e/fixtures.ts); the code is the shipped code.
  const session = await openExtensionSession({ testHostAccess: true });
  try {
    const popupUrl = `chrome-extension://${session.extensionId}/popup.html`;
    let page = await session.context.newPage();
    await page.goto(popupUrl);
    const loadStarted = Date.now();
    await loadSeeded(page, seeded);
    const localBytes = await page.evaluate(() => chrome.storage.local.getBytesInUse(null));
    const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    log(`loaded into the extension in ${Date.now() - loadStarted} ms; storage.local ${localBytes} bytes; origin usage estimate ${(usage / 1e6).toFixed(1)} MB`);
    const bytesPerMessage = (storedBytes + localBytes) / seeded.messages;

    // Opening the locked popup right after a browser restart (the worker starts cold).
    const lockedCold: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await session.restartBrowser();
      page = await session.context.newPage();
      lockedCold.push(await openPopupMs(page, popupUrl));
    }
    log(`locked popup after a restart: ${lockedCold.map(Math.round).join(', ')} ms`);

    const unlocks: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      unlocks.push((await timed(page, 'unlock', { phrase: PHRASE })).ms);
      await timed(page, 'lock', {});
    }
    await timed(page, 'unlock', { phrase: PHRASE });

    // The unlocked popup after the worker was stopped (as Chrome does after 30 s idle).
    const unlockedOpen: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await session.stopServiceWorker();
      unlockedOpen.push(await openPopupMs(page, popupUrl));
    }
    log(`unlocked popup after a worker stop: ${unlockedOpen.map(Math.round).join(', ')} ms`);

    const sends: number[] = [];
    for (let i = 0; i < WARM_UP + TIMED; i++) sends.push((await timed(page, 'sendMessage', { chatId: String(i % CHATS), text: textOf(MESSAGES + i) })).ms);
    const discovers: number[] = [];
    for (let i = 0; i < WARM_UP + TIMED; i++) {
      const chat = (i * 3) % CHATS;
      const pointer = createPointer({ phrase: PHRASE, username: 'carol', chatId: String(chat), seedSuffix: SUFFIX(chat), epoch: 1_800_000_000 + i, text: `new from carol ${i}` });
      discovers.push((await timed(page, 'discoverPointer', { pointer })).ms);
    }
    const pages: number[] = [];
    for (let i = 0; i < full(9, 2); i++) pages.push((await timed(page, 'listMessages', { offset: i * 50 * 37, limit: 50 })).ms);
    const searches: number[] = [];
    for (const word of RARE.slice(0, SEARCH_WORDS)) {
      const { ms, value } = await timed(page, 'listMessages', { query: word, limit: 50 });
      searches.push(ms);
      log(`search "${word}": ${(value as { total: number }).total} matches in ${Math.round(ms)} ms`);
    }

    // "Find pointers on this page": 1,000 pointers of the 20 chats.
    const pointers = Array.from({ length: SCAN_POINTERS }, (_, i) => {
      const chat = i % CHATS;
      return createPointer({ phrase: PHRASE, username: 'dave', chatId: String(chat), seedSuffix: SUFFIX(chat), epoch: 1_810_000_000 + i, text: `page pointer ${i}` });
    });
    const scans: number[] = [];
    for (let round = 0; round < RUNS; round++) {
      const body = pointers.map((p, i) => `<p>post ${i + round * SCAN_POINTERS}: ${p.replace(/\d+(?=, "d")/, (e) => String(Number(e) + round * SCAN_POINTERS))}</p>`).join('');
      const site1 = await session.context.newPage();
      await site1.goto(site.page(`/scan${round}`, 'Forum', body));
      await site1.bringToFront();
      const worker = await session.serviceWorker();
      const opened = session.context.waitForEvent('page', { predicate: (p) => p.url().includes('/discover.html') });
      const clicked = Date.now();
      await worker.evaluate(async (url) => {
        const id = (await chrome.tabs.query({ active: true, windowType: 'normal' })).at(0)?.id;
        if (id === undefined) throw new Error('no active tab');
        chrome.contextMenus.onClicked.dispatch({ menuItemId: 'clm-find-on-page', pageUrl: url, frameId: 0, editable: false }, { id, url, title: 'Forum', active: true });
      }, site1.url());
      const window = await opened;
      await window.getByRole('heading', { name: `${SCAN_POINTERS.toLocaleString('en-US')} pointers on this page` }).waitFor({ timeout: 120_000 });
      scans.push(Date.now() - clicked);
      await window.close();
      await site1.close();
    }
    log(`page scans of ${SCAN_POINTERS.toLocaleString('en-US')} pointers: ${scans.join(', ')} ms`);

    // Unlock, then a sealed pointer of the last own-phrase chat.
    const ready: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await timed(page, 'lock', {});
      await session.stopServiceWorker();
      const started = Date.now();
      await timed(page, 'unlock', { phrase: PHRASE });
      const { value } = await timed(page, 'discoverPointer', { pointer: sealedPointerOfLastChat });
      ready.push(Date.now() - started);
      if ((value as { message: { text: string } }).message.text !== 'from the last own-phrase chat') throw new Error('the last own-phrase chat did not open its pointer');
    }

    const result = {
      ...(SMOKE && { smoke: true }),
      messages: seeded.messages,
      bytesPerMessage: Math.round(bytesPerMessage),
      openLockedColdMs: round(median(lockedCold)),
      openUnlockedMs: round(median(unlockedOpen)),
      unlockMs: round(median(unlocks)),
      sendMs: round(median(sends.slice(WARM_UP))),
      discoverMs: round(median(discovers.slice(WARM_UP))),
      historyPageMs: round(median(pages)),
      searchMs: round(median(searches)),
      pageScan1000Ms: round(median(scans)),
      ownPhraseChatsReadyMs: round(median(ready)),
      drbgVsClm: drbgVsClm(),
    };
    log(`done in ${Math.round((Date.now() - t0) / 1000)} s`);
    console.log(JSON.stringify(result));
  } finally {
    await session.close();
    await site.close();
  }
}

await main();
