/**
 * Strong phrases by default: a weak one is saved only on purpose, a strong one is one click away,
 * and no phrase outlives the form in the page's memory.
 */
import type { Page } from '@playwright/test';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { expect, test } from './fixtures.ts';

/** Whether `needle` is anywhere in the page's JavaScript heap (a snapshot is taken after a full GC). */
async function heapHolds(page: Page, needles: readonly string[]): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }: { chunk: string }) => chunks.push(chunk));
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  const snapshot = chunks.join('');
  return needles.filter((n) => snapshot.includes(n));
}

test('weak phrase needs confirmation', async ({ extension }) => {
  const popup = await extension.openPopup();
  const page = popup.page;
  const weak = 'qz7';
  await page.getByLabel('Your name').fill('alice');
  await page.getByLabel('Secret phrase', { exact: true }).fill(weak);
  await page.getByLabel('Secret phrase again').fill(weak);
  await expect(page.getByRole('meter', { name: 'Phrase strength' })).toHaveAttribute('aria-valuetext', /^weak/);
  await page.getByRole('button', { name: 'Create profile' }).click();
  await expect(page.getByRole('alert')).toContainText('This phrase is weak');
  expect((await popup.api('getStatus', {})).state).toBe('no-profile');
  // The rule is the background's too: a page that skips the form is refused the same way.
  await expect(popup.api('setupProfile', { username: 'alice', phrase: weak, confirmPhrase: weak })).rejects.toThrow(/^weak-phrase/);
  expect((await popup.api('getStatus', {})).state).toBe('no-profile');

  // "Generate a phrase": seven words of the BIP-39 list, shown to be written down, good enough.
  await page.getByRole('button', { name: 'Generate a phrase' }).click();
  const generated = (await page.getByRole('group', { name: 'The generated phrase' }).locator('output').textContent()) ?? '';
  const words = generated.split(' ');
  expect(words).toHaveLength(7);
  for (const w of words) expect(wordlist).toContain(w);
  await expect(page.getByLabel('Secret phrase', { exact: true })).toHaveValue(generated);
  await expect(page.getByLabel('Secret phrase again')).toHaveValue(generated);
  await expect(page.getByRole('checkbox', { name: /Use this weak phrase anyway/ })).toHaveCount(0);

  // Back to the weak one, on purpose: it is saved.
  await page.getByLabel('Secret phrase', { exact: true }).fill(weak);
  await page.getByLabel('Secret phrase again').fill(weak);
  await page.getByRole('checkbox', { name: /Use this weak phrase anyway/ }).check();
  await page.getByRole('button', { name: 'Create profile' }).click();
  await expect(popup.lockBadge).toHaveText('Unlocked');

  // The same rule when changing the profile phrase …
  await popup.tab('Profile');
  await page.getByLabel('Current phrase').fill(weak);
  await page.getByLabel('New phrase', { exact: true }).fill('a');
  await page.getByLabel('New phrase again').fill('a');
  await page.getByRole('button', { name: 'Change phrase' }).click();
  await expect(page.getByRole('alert')).toContainText('This phrase is weak');
  await expect(popup.api('changePhrase', { currentPhrase: weak, newPhrase: 'a', confirmPhrase: 'a' })).rejects.toThrow(/^weak-phrase/);
  await popup.api('lock', {});
  await expect(popup.api('unlock', { phrase: 'a' })).rejects.toThrow(/^wrong-phrase/);
  await popup.api('unlock', { phrase: weak });

  // … and for a chat's own phrase.
  await page.reload();
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByLabel('Chat name').fill('Private');
  await page.getByRole('radio', { name: /^A phrase only this chat’s members know/ }).check();
  await page.getByLabel('Chat phrase', { exact: true }).fill('shqzx');
  await page.getByLabel('Chat phrase again').fill('shqzx');
  await page.getByRole('button', { name: 'Create chat' }).click();
  await expect(page.getByRole('alert')).toContainText('This phrase is weak');
  await expect(popup.api('createChat', { name: 'Private', phrase: 'shqzx' })).rejects.toThrow(/^weak-phrase/);
  expect((await popup.api('listChats', {})).map((c) => c.name)).not.toContain('Private');
  await page.getByRole('checkbox', { name: /Use this weak phrase anyway/ }).check();
  await page.getByRole('button', { name: 'Create chat' }).click();
  await expect(page.getByRole('heading', { name: 'Private' })).toBeVisible();

  // Nothing typed outlives the forms: after Lock, the popup's heap holds no phrase.
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(popup.lockBadge).toHaveText(/^Locked$/);
  expect(await heapHolds(page, [weak, 'shqzx', generated])).toEqual([]);
});

test('no phrase stays in the popup’s memory after setup and lock', async ({ extension }) => {
  const popup = await extension.openPopup();
  const phrase = 'zebra quantum lantern orchard velvet meadow tiger';
  await popup.createProfile('alice', phrase);
  await popup.lock();
  await popup.unlockAndWait(phrase);
  await expect(popup.lockBadge).toHaveText('Unlocked');
  await popup.lock();
  expect(await heapHolds(popup.page, [phrase])).toEqual([]);
});
