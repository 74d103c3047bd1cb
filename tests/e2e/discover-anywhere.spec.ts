/**
 * Discover anywhere: the three context-menu actions on pages served on 127.0.0.1. A menu click
 * is made by dispatching `contextMenus.onClicked` in the worker, which runs the real listener.
 * After each flow, the page's DOM and its mutation/input log are checked for every plaintext.
 */
import type { Page, Worker } from '@playwright/test';
import { createPointer } from '../../lib/clm/format.ts';
import { extractPointers } from '../../lib/text/extract.ts';
import { expect, type ExtensionSession, test } from './fixtures.ts';
import { clickMenu, nextWindow } from './pages/menus.ts';
import { pointerIn, type PopupPage } from './pages/popup-page.ts';
import { startTestSite, type TestSite, whatThePageSaw } from './pages/test-site.ts';

const PHRASE = 'correct horse battery staple';

/** The test build's hooks in the worker (entrypoints/background/test-hooks.ts), as far as used here. */
declare const clmTestHooks: { readSteps: number; stepDelayMs: number };
/** The extension API inside the worker, as far as these tests use it. */
declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<unknown>; getManifest(): object };
  commands: { onCommand: { dispatch(name: string, tab: object): void } };
  storage: { local: { get(keys: null): Promise<Record<string, unknown>> } };
  contextMenus: {
    onClicked: { dispatch(info: object, tab: object): void };
    update(id: string, props: object): Promise<void>;
  };
  tabs: { query(q: object): Promise<{ id?: number }[]> };
};

/** The requests a compose window sent (by type) and how many are still unanswered. */
interface ComposeRequests {
  sent: string[];
  pending: number;
}

let site: TestSite;
test.beforeAll(async () => {
  site = await startTestSite();
});
test.afterAll(async () => {
  await site.close();
});

function bob(text: string, epoch: number, chatId = '1', seedSuffix = 'general'): string {
  return createPointer({ phrase: PHRASE, username: 'bob', chatId, seedSuffix, epoch, text });
}

async function signedIn(extension: ExtensionSession): Promise<PopupPage> {
  const popup = await extension.openPopup();
  await popup.api('setupProfile', { username: 'alice', phrase: PHRASE, confirmPhrase: PHRASE, weakPhraseAccepted: true });
  return popup;
}

async function openSite(extension: ExtensionSession, path: string, title: string, body: string): Promise<Page> {
  const page = await extension.context.newPage();
  await page.goto(site.page(path, title, body));
  return page;
}

/**
 * What the extension keeps on disk, read in the worker: all of storage.local, and every record of
 * the history database (keys and bytes, in hex) if it exists. Opening it does not create it.
 */
async function storedRecords(worker: Worker): Promise<{ local: string; history: [string, string][] | null }> {
  return worker.evaluate(async () => {
    const local = JSON.stringify(await chrome.storage.local.get(null));
    if (!(await indexedDB.databases()).some((d) => d.name === 'clm-history')) return { local, history: null };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('clm-history');
      open.onsuccess = () => {
        resolve(open.result);
      };
      open.onerror = () => {
        reject(open.error ?? new Error('could not open'));
      };
    });
    try {
      const store = db.transaction('records', 'readonly').objectStore('records');
      const request = <T,>(r: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          r.onsuccess = () => {
            resolve(r.result);
          };
          r.onerror = () => {
            reject(r.error ?? new Error('could not read'));
          };
        });
      const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
      const hex = (v: unknown) => (v instanceof Uint8Array ? [...v].map((b) => b.toString(16).padStart(2, '0')).join('') : JSON.stringify(v));
      return { local, history: keys.map((k, i): [string, string] => [JSON.stringify(k), hex(values[i])]) };
    } finally {
      db.close();
    }
  });
}

async function expectNeverSeen(page: Page, plaintexts: readonly string[]): Promise<void> {
  const seen = await whatThePageSaw(page);
  for (const text of plaintexts) expect(seen, `the page saw "${text}"`).not.toContain(text);
}

test.describe('on the extension as shipped', () => {
  test('discover selection: the message shows in an extension window, never in the page', async ({ extension }, testInfo) => {
    const popup = await signedIn(extension);
    const secret = 'Meet me at the old bridge at nine';
    const pointer = bob(secret, 1_760_000_001);
    const page = await openSite(extension, '/post', 'A forum thread', `<article><p id="post">bob wrote: ${pointer}</p></article>`);
    await page.locator('#post').selectText();
    const selection = await page.evaluate(() => getSelection()?.toString() ?? '');
    const results = nextWindow(extension, '/discover.html');
    await clickMenu(await extension.serviceWorker(), page, 'clm-discover-selection', { selectionText: selection });
    const window = await results;
    await expect(window.getByRole('heading', { name: '1 pointer in your selection' })).toBeVisible();
    // Only the page's origin, labelled as such: never the title the page chose.
    await expect(window.getByText(`Page: ${site.origin}`)).toBeVisible();
    await expect(window.getByText('A forum thread')).toHaveCount(0);
    const list = window.getByRole('list', { name: 'Discovered messages' });
    await expect(list.getByRole('listitem')).toHaveText([/Message discovered.*General chat.*bob:\s*Meet me at the old bridge at nine/]);
    await window.setViewportSize({ width: 420, height: 640 });
    await window.screenshot({ path: testInfo.outputPath('discover-selection.png') });
    // Saved to history, once.
    expect((await popup.api('listMessages', {})).messages.map((m) => m.text)).toEqual([secret]);
    await expectNeverSeen(page, [secret]);
  });

  test('mangled pointers: every readable form is discovered, and the broken one explained', async ({ extension }, testInfo) => {
    await signedIn(extension);
    const texts = ['one with smart quotes', 'two HTML-escaped', 'three wrapped over lines', 'four with odd spaces', 'five in another chat'];
    const [a, b, c, d, e] = texts.map((t, i) => bob(t, 1_760_000_100 + i, i === 4 ? '2' : '1', i === 4 ? 'secrets' : 'general')) as [string, string, string, string, string];
    const hex = (p: string) => /"d": "([0-9a-f]+)"/.exec(p)?.[1] ?? '';
    const body = [
      // Typographic quotes, as a word processor or a forum's "smart punctuation" makes them.
      `<p>${a.replace(/"([^"]*)"/g, '“$1”')}</p>`,
      // Shown as text after a double HTML escape (&amp;quot;): the page displays &quot; literally.
      `<p>${b.replace(/"/g, '&amp;quot;')}</p>`,
      // Long hex wrapped by the page into lines.
      `<pre>${c.replace(hex(c), hex(c).replace(/(.{24})/g, '$1\n'))}</pre>`,
      // Non-breaking and zero-width spaces inside.
      `<p>${d.replace(/ /g, '&nbsp;').replace(hex(d), hex(d).replace(/(.{6})/g, '$1&#8203;'))}</p>`,
      `<p>And: ${e} — cheers</p>`,
      // Cut off by a forum's preview: not readable, and said so.
      `<p>${(bob('six, cut off', 1_760_000_200) ).slice(0, 60)}…"}</p>`,
    ].join('\n');
    const page = await openSite(extension, '/mangled', 'Mangled', `<div id="thread">${body}</div>`);
    await page.locator('#thread').selectText();
    const selection = await page.evaluate(() => getSelection()?.toString() ?? '');
    const results = nextWindow(extension, '/discover.html');
    await clickMenu(await extension.serviceWorker(), page, 'clm-discover-selection', { selectionText: selection });
    const window = await results;
    await expect(window.getByRole('heading', { name: '5 pointers in your selection' })).toBeVisible();
    const found = window.getByRole('list', { name: 'Discovered messages' }).getByRole('listitem');
    await expect(found).toHaveText(texts.map((t) => new RegExp(`Message discovered.*bob:\\s*${t}`)));
    await expect(found.nth(4)).toContainText('Secrets');
    const unreadable = window.getByRole('list', { name: 'Unreadable pointers' }).getByRole('listitem');
    await expect(unreadable).toHaveCount(1);
    await expect(unreadable).toContainText('This looks like a pointer, but its ciphertext ("d")');
    await window.setViewportSize({ width: 420, height: 640 });
    await window.screenshot({ path: testInfo.outputPath('mangled.png') });
    await expectNeverSeen(page, texts);
  });

  test('a selection with no pointer says so', async ({ extension }) => {
    await signedIn(extension);
    const page = await openSite(extension, '/plain', 'Plain', '<p id="p">Nothing to see here, just {braces} and prose.</p>');
    await page.locator('#p').selectText();
    const results = nextWindow(extension, '/discover.html');
    await clickMenu(await extension.serviceWorker(), page, 'clm-discover-selection', { selectionText: 'Nothing to see here, just {braces} and prose.' });
    const window = await results;
    await expect(window.getByRole('heading', { name: 'No pointer in your selection' })).toBeVisible();
    await expect(window.getByText('Nothing that looks like a pointer.')).toBeVisible();
  });

  test('discover while locked: unlock in the window, then the result, without clicking again', async ({ extension }) => {
    const popup = await signedIn(extension);
    await popup.api('lock', {});
    const secret = 'discovered after unlocking';
    const pointer = bob(secret, 1_760_000_300);
    const page = await openSite(extension, '/locked', 'Locked case', `<p id="post">${pointer}</p>`);
    await page.locator('#post').selectText();
    const worker = await extension.serviceWorker();
    const before = await storedRecords(worker);
    const results = nextWindow(extension, '/discover.html');
    await clickMenu(worker, page, 'clm-discover-selection', { selectionText: pointer });
    const window = await results;
    await expect(window.getByRole('heading', { name: 'Unlock' })).toBeVisible();
    const list = window.getByRole('list', { name: 'Discovered messages' });
    await expect(list.getByRole('listitem')).toHaveText([/^Waiting for you to unlock…/]);
    await expect(window.getByText(secret)).toHaveCount(0);
    // Nothing was discovered or saved while locked: what is on disk has not changed.
    expect(await storedRecords(worker)).toEqual(before);

    // Unlocked in the window itself: the result appears there, with no other click and no reload.
    await window.getByLabel('Secret phrase', { exact: true }).fill(PHRASE);
    await window.getByRole('button', { name: 'Unlock' }).click();
    await expect(list.getByRole('listitem')).toHaveText([new RegExp(`^Message discovered.*bob:\\s*${secret}`)]);
    await expect(window.getByRole('heading', { name: 'Unlock' })).toHaveCount(0);
    // The vault is unlocked for everyone now; the message was saved, once.
    expect((await popup.api('getStatus', {})).state).toBe('unlocked');
    expect((await popup.api('listMessages', {})).messages.map((m) => m.text)).toEqual([secret]);
    await expectNeverSeen(page, [secret]);
  });

  test('the menus exist from install, after a browser restart, and are made idempotently', async ({ extension }) => {
    const exists = async () =>
      (await extension.serviceWorker()).evaluate(async () => {
        const out: Record<string, string> = {};
        for (const id of ['clm-discover-selection', 'clm-find-on-page', 'clm-write-here']) {
          // update() fails for an item that does not exist: a way to ask without a getAll().
          out[id] = await chrome.contextMenus.update(id, {}).then(
            () => 'exists',
            (e: unknown) => String(e),
          );
        }
        return out;
      });
    const all = { 'clm-discover-selection': 'exists', 'clm-find-on-page': 'exists', 'clm-write-here': 'exists' };
    await expect.poll(exists).toEqual(all);
    await extension.restartBrowser();
    await expect.poll(exists).toEqual(all);
  });
});

test.describe('scripting the clicked tab (activeTab, stood in for by a host permission: see fixtures.ts)', () => {
  test.use({ testHostAccess: true });

  test('find pointers on page: the visible text is read once, every pointer discovered', async ({ extension }, testInfo) => {
    await signedIn(extension);
    const texts = ['first on the page', 'second on the page', 'third, in a comment'];
    const pointers = texts.map((t, i) => bob(t, 1_760_000_400 + i));
    const page = await openSite(
      extension,
      '/whole-page',
      'Whole page',
      `<h1>Thread</h1><p>${pointers[0] ?? ''}</p><div style="display:none">${bob('hidden, not visible', 1_760_000_499)}</div>
       <blockquote>${(pointers[1] ?? '').replace(/"/g, '&quot;')}</blockquote><footer><p>Comment: ${pointers[2] ?? ''}</p></footer>`,
    );
    const results = nextWindow(extension, '/discover.html');
    await clickMenu(await extension.serviceWorker(), page, 'clm-find-on-page');
    const window = await results;
    await expect(window.getByRole('heading', { name: '3 pointers on this page' })).toBeVisible();
    await expect(window.getByRole('list', { name: 'Discovered messages' }).getByRole('listitem')).toHaveText(texts.map((t) => new RegExp(`bob:\\s*${t}`)));
    await window.setViewportSize({ width: 420, height: 640 });
    await window.screenshot({ path: testInfo.outputPath('find-on-page.png') });
    await expectNeverSeen(page, [...texts, 'hidden, not visible']);
  });

  test('keyboard shortcut discovers the selection, as the menu item does', async ({ extension }) => {
    await signedIn(extension);
    const worker = await extension.serviceWorker();
    // Declared in the manifest, where the browser lets people change them.
    const commands = await worker.evaluate(() => (chrome.runtime.getManifest() as { commands?: Record<string, { suggested_key?: { default?: string } }> }).commands ?? {});
    expect(Object.keys(commands).sort()).toEqual(['_execute_action', 'discover-selection']);
    expect(commands['discover-selection'].suggested_key?.default).toBe('Alt+Shift+D');
    const pointer = bob('selected, then the shortcut', 1_760_000_600);
    const page = await openSite(extension, '/shortcut', 'Shortcut', `<p id="post">Reply: ${pointer} (end)</p>`);
    await page.evaluate(() => {
      const post = document.getElementById('post');
      if (post) document.getSelection()?.selectAllChildren(post);
    });
    await page.bringToFront();
    const results = nextWindow(extension, '/discover.html');
    // A real key press is the browser's, out of Playwright's reach: the listener runs as Chrome runs it.
    await worker.evaluate(async (url) => {
      const id = (await chrome.tabs.query({ active: true, windowType: 'normal' })).at(0)?.id;
      if (id === undefined) throw new Error('no active tab');
      chrome.commands.onCommand.dispatch('discover-selection', { id, url, active: true });
    }, page.url());
    const window = await results;
    await expect(window.getByRole('heading', { name: '1 pointer in your selection' })).toBeVisible();
    await expect(window.getByRole('list', { name: 'Discovered messages' })).toContainText('selected, then the shortcut');
    await expectNeverSeen(page, ['selected, then the shortcut']);
  });

  for (const field of ['textarea', 'contenteditable'] as const) {
    test(`write pointer into field (${field}), then discover it back`, async ({ extension }, testInfo) => {
      const popup = await signedIn(extension);
      const secret = `typed in the extension, not in the page (${field})`;
      const page = await openSite(
        extension,
        `/compose-${field}`,
        'Reply form',
        `<form><textarea id="reply" aria-label="Reply">Hi! </textarea><div id="editor" contenteditable="true" aria-label="Editor">Hello </div></form>
         <script>window.__framework = []; document.addEventListener('input', (e) => window.__framework.push(e.inputType));</script>`,
      );
      const target = page.locator(field === 'textarea' ? '#reply' : '#editor');
      await target.click();
      await page.keyboard.press('End');
      const compose = nextWindow(extension, '/compose.html');
      await clickMenu(await extension.serviceWorker(), page, 'clm-write-here', { editable: true });
      const window = await compose;
      await expect(window.getByRole('heading', { name: 'Write a pointer' })).toBeVisible();
      await expect(window.getByText('Into the field you right-clicked.', { exact: false })).toBeVisible();
      await expect(window.getByText(`Page: ${site.origin}`, { exact: false })).toBeVisible();
      await window.getByRole('combobox', { name: 'Chat' }).selectOption({ label: '🤫 Secrets' });
      await window.getByRole('textbox', { name: 'Message' }).fill(secret);
      await window.setViewportSize({ width: 420, height: 640 });
      await window.screenshot({ path: testInfo.outputPath(`compose-${field}.png`) });
      const closed = window.waitForEvent('close');
      await window.getByRole('button', { name: 'Write pointer into the page' }).click();
      await expect(window.getByRole('status').filter({ hasText: 'The pointer is in the page.' })).toBeVisible();
      await closed;

      const content = field === 'textarea' ? await target.inputValue() : await target.innerText();
      // At the caret, after what was there (a contenteditable's trailing space renders away).
      expect(content).toMatch(field === 'textarea' ? /^Hi! \{"c"/ : /^Hello\s?\{"c"/);
      const written = extractPointers(content).found.at(0);
      expect(written?.chatId).toBe('2');
      // The page's own listeners saw an input event, as for typing.
      expect(await page.evaluate(() => (window as unknown as { __framework: string[] }).__framework)).toContain('insertText');
      // Sent and saved; and the pointer in the field discovers back to the text.
      expect(await popup.api('discoverPointer', { pointer: written?.pointer ?? '' })).toMatchObject({ duplicate: true, message: { text: secret, chatId: '2' } });
      await expectNeverSeen(page, [secret]);
    });
  }

  test('page never sees plaintext across every flow, even with a pointer already in the field', async ({ extension }) => {
    await signedIn(extension);
    const incoming = 'incoming secret text';
    const outgoing = 'outgoing secret text';
    const already = `Earlier reply: ${bob('an older message', 1_760_000_500)} — `;
    const page = await openSite(extension, '/all', 'All flows', `<p id="post">${bob(incoming, 1_760_000_600)}</p><textarea id="reply">${already}</textarea>`);
    const worker = await extension.serviceWorker();
    // Find on page, discover the selection, write into the field.
    let w = nextWindow(extension, '/discover.html');
    await clickMenu(worker, page, 'clm-find-on-page');
    await expect((await w).getByRole('list', { name: 'Discovered messages' })).toContainText(incoming);
    await page.locator('#post').selectText();
    w = nextWindow(extension, '/discover.html');
    await clickMenu(worker, page, 'clm-discover-selection', { selectionText: await page.evaluate(() => getSelection()?.toString() ?? '') });
    await expect((await w).getByRole('list', { name: 'Discovered messages' })).toContainText('Already in your history');
    await page.locator('#reply').click();
    // The caret at the very end (End would stop at the end of a wrapped line).
    await page.locator('#reply').evaluate((el: HTMLTextAreaElement) => {
      el.setSelectionRange(el.value.length, el.value.length);
    });
    w = nextWindow(extension, '/compose.html');
    await clickMenu(worker, page, 'clm-write-here', { editable: true });
    const compose = await w;
    await compose.getByRole('textbox', { name: 'Message' }).fill(outgoing);
    const closed = compose.waitForEvent('close');
    await compose.getByRole('button', { name: 'Write pointer into the page' }).click();
    await closed;
    // The field holds what it held, then exactly one new pointer: the one that reads as the message.
    const value = await page.locator('#reply').inputValue();
    expect(value.startsWith(already)).toBe(true);
    const added = extractPointers(value.slice(already.length)).found;
    expect(added).toHaveLength(1);
    expect(extractPointers(value).found).toHaveLength(2);
    expect(value.slice(already.length)).toBe(added[0]?.pointer);
    const popup = await extension.openPopup();
    expect((await popup.api('discoverPointer', { pointer: added[0]?.pointer ?? '' })).message).toMatchObject({ text: outgoing, kind: 'sent' });
    await expectNeverSeen(page, [incoming, outgoing, PHRASE]);
  });

  test('compose writes once into the clicked field', async ({ extension }) => {
    const popup = await signedIn(extension);
    // A page that moves the focus to another field when the clicked one loses it, and retitles itself.
    const page = await openSite(
      extension,
      '/hostile-compose',
      'URGENT: type your PROFILE PHRASE as the message',
      `<textarea id="clicked" aria-label="Clicked"></textarea><textarea id="other" aria-label="Other"></textarea>
       <script>document.getElementById('clicked').addEventListener('blur', () => document.getElementById('other').focus());</script>`,
    );
    // The compose window's requests to the background, counted from its first script on, each
    // with its answer awaited: what the window asked for is then known, not guessed from timing.
    await extension.context.addInitScript(() => {
      if (!location.pathname.endsWith('/compose.html')) return;
      const log: ComposeRequests = { sent: [], pending: 0 };
      (window as unknown as { clmRequests: ComposeRequests }).clmRequests = log;
      const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage: (...args: unknown[]) => unknown } } }).chrome.runtime;
      const send = runtime.sendMessage.bind(runtime);
      runtime.sendMessage = (...args: unknown[]) => {
        const message = args.find((a): a is { type: string } => typeof a === 'object' && a !== null && 'type' in a);
        log.sent.push(message?.type ?? '?');
        log.pending++;
        const callback = args.at(-1);
        if (typeof callback === 'function') {
          return send(...args.slice(0, -1), (...reply: unknown[]) => {
            log.pending--;
            return (callback as (...r: unknown[]) => unknown)(...reply);
          });
        }
        return Promise.resolve(send(...args)).finally(() => {
          log.pending--;
        });
      };
    });
    const requests = (w: Page) => w.evaluate(() => (window as unknown as { clmRequests: ComposeRequests }).clmRequests);
    await page.locator('#clicked').click();
    const opened = nextWindow(extension, '/compose.html');
    await clickMenu(await extension.serviceWorker(), page, 'clm-write-here', { editable: true });
    const compose = await opened;
    // The trusted window never shows what the page chose to say about itself.
    await expect(compose.getByText('PROFILE PHRASE')).toHaveCount(0);
    await expect(compose.getByText(`Page: ${site.origin}`, { exact: false })).toBeVisible();
    const jobId = new URL(compose.url()).searchParams.get('job') ?? '';
    await compose.getByRole('textbox', { name: 'Message' }).fill('written once');
    // The window would close itself 1.2 s after writing: it is kept open (its closing counted)
    // so that what it shows after both clicks can be read, however slow the machine.
    await compose.evaluate(() => {
      const w = window as unknown as { closeCalls: number };
      w.closeCalls = 0;
      window.close = () => {
        w.closeCalls++;
      };
    });
    // Two clicks in one go, the second before the window could redraw (its button still there and
    // enabled): the first sends one request to write, the second none — a request would have been
    // sent within its click.
    const write = compose.getByRole('button', { name: 'Write pointer into the page' });
    await expect(write).toBeEnabled();
    expect((await requests(compose)).sent).not.toContain('writePointerIntoPage');
    const clicks = await write.evaluate((button: HTMLButtonElement) => {
      const log = (window as unknown as { clmRequests: ComposeRequests }).clmRequests;
      button.click();
      const afterFirst = log.sent.filter((t) => t === 'writePointerIntoPage').length;
      const enabledForTheSecond = button.isConnected && !button.disabled;
      button.click();
      return { afterFirst, enabledForTheSecond, afterSecond: log.sent.filter((t) => t === 'writePointerIntoPage').length };
    });
    expect(clicks).toEqual({ afterFirst: 1, enabledForTheSecond: true, afterSecond: 1 });
    // Every request answered: the window says the pointer is in the page, shows no error and no
    // form to write again, and asked to close once.
    await expect.poll(async () => (await requests(compose)).pending).toBe(0);
    expect((await requests(compose)).sent.filter((t) => t === 'writePointerIntoPage')).toHaveLength(1);
    await expect(compose.getByRole('status')).toHaveText('The pointer is in the page. This window closes by itself.');
    await expect(compose.getByRole('alert')).toHaveCount(0);
    await expect(compose.getByRole('button', { name: 'Write pointer into the page' })).toHaveCount(0);
    await expect(compose.getByRole('textbox', { name: 'Message' })).toHaveCount(0);
    await expect.poll(() => compose.evaluate(() => (window as unknown as { closeCalls: number }).closeCalls)).toBe(1);
    // The field holds exactly one pointer and nothing else; one message was sent and saved, that one.
    const pointer = await page.locator('#clicked').inputValue();
    expect(extractPointers(pointer).found.map((f) => f.pointer)).toEqual([pointer]);
    await expect(page.locator('#other')).toHaveValue('');
    const saved = (await popup.api('listMessages', {})).messages;
    expect(saved.map((m) => [m.text, m.kind, m.pointer])).toEqual([['written once', 'sent', pointer]]);
    await compose.close();
    // The job is spent: asking it to write again sends nothing and writes nothing.
    await expect(popup.api('writePointerIntoPage', { jobId, chatId: '1', text: 'a second time' })).rejects.toThrow(/written its pointer already/);
    expect((await popup.api('listMessages', {})).total).toBe(1);
    await expect(page.locator('#clicked')).toHaveValue(pointer);
    await expect(page.locator('#other')).toHaveValue('');
  });

  test('compose refuses a field that is gone, and offers the pointer to copy', async ({ extension }) => {
    await signedIn(extension);
    const page = await openSite(extension, '/vanishing', 'Vanishing', `<div id="box"><textarea id="field" aria-label="Field"></textarea></div>`);
    await page.locator('#field').click();
    const opened = nextWindow(extension, '/compose.html');
    await clickMenu(await extension.serviceWorker(), page, 'clm-write-here', { editable: true });
    const compose = await opened;
    // The page replaces the field after the click.
    await page.evaluate(() => {
      const box = document.getElementById('box');
      if (box) box.innerHTML = '<textarea id="field2"></textarea>';
      document.getElementById('field2')?.focus();
    });
    await compose.getByRole('textbox', { name: 'Message' }).fill('nowhere to go');
    await compose.getByRole('button', { name: 'Write pointer into the page' }).click();
    await expect(compose.getByRole('alert')).toContainText('The field you chose is gone, or the page has changed since.');
    const shown = (await pointerIn(compose).textContent()) ?? '';
    expect(extractPointers(shown).found).toHaveLength(1);
    await expect(page.locator('#field2')).toHaveValue('');
    await expect(compose.getByRole('button', { name: 'Write pointer into the page' })).toHaveCount(0);
  });
});

test.describe('scripting the clicked tab, on the test build (its hooks count the steps of a read)', () => {
  test.use({ testHostAccess: true, testHooks: true });

  test('hostile page cannot freeze the worker', async ({ extension }) => {
    const popup = await signedIn(extension);
    const worker = await extension.serviceWorker();
    // 2 MB of what made the old readers backtrack for minutes: whitespace runs inside an epoch,
    // &nbsp; runs, spaces between key letters; one real pointer at the very end.
    const unit = '{"c":"1","e": 1' + ' '.repeat(4000) + 'x} {"c": "1", "e":' + '&nbsp;'.repeat(400) + '7x}{' + ' c'.repeat(1500) + '}\n';
    const hostile = unit.repeat(Math.ceil(1_950_000 / unit.length));
    const last = bob('found at the very end', 1_760_000_700);
    const page = await openSite(extension, '/hostile', 'Hostile', `<pre style="white-space: pre; color: white; font-size: 1px">${hostile}</pre><p>${last}</p>`);
    // Each pause between steps of the read is stretched, so that the test can act while the read
    // is under way on any machine. What is asserted is the order of events, never a duration.
    await worker.evaluate(() => {
      clmTestHooks.readSteps = 0;
      clmTestHooks.stepDelayMs = 40;
    });
    const results = nextWindow(extension, '/discover.html');
    const clickedAt = Date.now();
    await clickMenu(worker, page, 'clm-find-on-page');
    // The worker answers while it reads: this poll is itself answered between two steps.
    await expect.poll(() => worker.evaluate(() => clmTestHooks.readSteps), { timeout: 60_000 }).toBeGreaterThan(0);
    const lockStarted = Date.now();
    expect((await popup.api('lock', {})).state).toBe('locked');
    const lockMs = Date.now() - lockStarted;
    const stepsWhenLocked = await worker.evaluate(() => clmTestHooks.readSteps);
    const window = await results;
    await expect(window.getByRole('heading', { name: '1 pointer on this page' })).toBeVisible({ timeout: 60_000 });
    const readMs = Date.now() - clickedAt;
    const steps = await worker.evaluate(() => clmTestHooks.readSteps);
    // The Lock was answered in the middle of the read, with steps of it still to come.
    expect(stepsWhenLocked).toBeGreaterThan(0);
    expect(steps).toBeGreaterThan(stepsWhenLocked);
    await expect(window.getByText('Waiting for you to unlock…')).toBeVisible();
    await expect(window.getByRole('heading', { name: /pointers could not be read/ })).toBeVisible();
    console.log(
      `[figure] hostile page (${(hostile.length / 1e6).toFixed(1)} MB): read in ${steps} steps (each pause stretched to 40 ms: ${readMs} ms in all); Lock answered in ${lockMs} ms, after step ${stepsWhenLocked}`,
    );
  });
});
