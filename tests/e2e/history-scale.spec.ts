/**
 * History with 10,000 messages: opening it, scrolling and searching, timed inside the popup.
 * Prints figures; asserts only what the person must see (rule: speed is measured, not asserted).
 *
 * The store is written by the vault's own code in Node (same format, same keys), then loaded into
 * the extension's storage.local, so the test spends its time measuring rather than sending.
 */
import { loadSeeded, seedProfile, type SeedMessage } from '../support/seed.ts';
import { expect, test } from './fixtures.ts';

const PHRASE = 'correct horse battery staple';
const COUNT = 10_000;
const words = ['bridge', 'lantern', 'river', 'harbour', 'orchard', 'meadow', 'station', 'tower'];
const SUFFIXES = ['urgent', 'general', 'secrets'];

function* messages(): Generator<SeedMessage> {
  for (let i = 0; i < COUNT; i++) {
    yield {
      chatId: String(i % 3),
      seedSuffix: SUFFIXES[i % 3] ?? '',
      kind: 'sent',
      sender: 'alice',
      text: `message ${i} about the ${words[i % words.length] ?? ''} near the ${words[(i * 7) % words.length] ?? ''}`,
      epoch: 1_760_000_000 + i,
    };
  }
}

test('history with 10,000 messages: opens, scrolls to the next page and searches with the right counts (timings printed, not asserted)', async ({ extension }) => {
  test.setTimeout(180_000);
  const started = Date.now();
  const seeded = await seedProfile({ username: 'alice', phrase: PHRASE, messages: messages() });
  const seedMs = Date.now() - started;
  const popup = await extension.openPopup();
  await loadSeeded(popup.page, seeded);
  // A fresh worker reads the store from disk, as after any idle stop.
  await extension.stopServiceWorker();
  await popup.page.reload();
  const page = popup.page;
  await expect(popup.lockBadge).toHaveText('Locked');
  await popup.submitPhrase(PHRASE);
  await expect(page.getByRole('list', { name: 'Chats' })).toContainText('3,334 messages');
  await expect(popup.lockBadge).toHaveText('Unlocked');

  /**
   * Does one of the measured actions in the page and returns the ms until its result is on
   * screen, watched by a MutationObserver (no eval: the extension's CSP forbids it, rightly).
   */
  type Action = { kind: 'open' } | { kind: 'scroll' } | { kind: 'search'; query: string; expected: string };
  const timeInPage = (action: Action) =>
    page.evaluate(
      (a) =>
        new Promise<number>((resolve) => {
          const rows = () => document.querySelectorAll('[aria-label="Messages"] > li').length;
          const done = () => {
            if (a.kind === 'open') return rows() >= 50;
            if (a.kind === 'scroll') return rows() >= 100;
            return document.querySelector('[role=status]')?.textContent === a.expected;
          };
          const t0 = performance.now();
          const observer = new MutationObserver(() => {
            if (done()) {
              observer.disconnect();
              resolve(performance.now() - t0);
            }
          });
          observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
          if (a.kind === 'open') {
            [...document.querySelectorAll<HTMLButtonElement>('nav button')].find((b) => b.textContent === 'History')?.click();
          } else if (a.kind === 'scroll') {
            const main = document.querySelector('main');
            if (main) main.scrollTop = main.scrollHeight;
          } else {
            const box = document.querySelector<HTMLInputElement>('input[type=search]');
            if (box) {
              box.value = a.query;
              box.dispatchEvent(new Event('input', { bubbles: true }));
            }
          }
        }),
      action,
    );

  const openMs = await timeInPage({ kind: 'open' });
  await expect(page.getByRole('status').filter({ hasText: '10,000 messages' })).toBeVisible();
  const scrollMs = await timeInPage({ kind: 'scroll' });
  const count = (match: (i: number) => boolean) => Array.from({ length: COUNT }, (_, i) => i).filter(match).length.toLocaleString('en-US');
  // The words of message i are words[i % 8] and words[(i * 7) % 8]: count what the page must show.
  const firstSearchMs = await timeInPage({
    kind: 'search',
    query: 'lantern',
    expected: `${count((i) => i % 8 === 1 || (i * 7) % 8 === 1)} matches`,
  });
  const secondSearchMs = await timeInPage({ kind: 'search', query: 'message 9999 ', expected: '1 match' });
  const thirdSearchMs = await timeInPage({
    kind: 'search',
    query: 'lantern near the tower',
    expected: `${count((i) => i % 8 === 1 && (i * 7) % 8 === 7)} matches`,
  });
  await expect(page.getByRole('list', { name: 'Messages' }).getByRole('listitem').first()).toContainText('lantern near the tower');

  console.log(`[figure] 10,000 messages built with the vault's code in Node in ${seedMs} ms`);
  console.log(
    `[figure] history with 10,000 messages, in the popup: open ${Math.round(openMs)} ms, scroll to the next page ${Math.round(scrollMs)} ms, ` +
      `first search ${Math.round(firstSearchMs)} ms (opens every bucket, in steps), later searches ${Math.round(secondSearchMs)} ms and ${Math.round(thirdSearchMs)} ms`,
  );
});
