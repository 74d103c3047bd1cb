import { expect, test } from './fixtures.ts';

test('the popup renders the app shell with the state read from the background', async ({ extension }, testInfo) => {
  const popup = await extension.openPopup();
  await expect(popup.title).toBeVisible();
  await expect(popup.lockBadge).toHaveText('No profile');
  await expect(popup.page.getByRole('heading', { name: 'Welcome' })).toBeVisible();
  await expect(popup.page.getByText('There is no profile on this browser yet.')).toBeVisible();
  await popup.screenshot(testInfo.outputPath('popup-welcome-light.png'), 'light');
  await popup.screenshot(testInfo.outputPath('popup-welcome-dark.png'), 'dark');
});

test('the background answers the popup through the typed protocol', async ({ extension }) => {
  const popup = await extension.openPopup();
  expect(await popup.sendRaw({ type: 'getStatus', payload: {} })).toEqual({
    ok: true,
    value: { state: 'no-profile', username: null },
  });
  expect(await popup.sendRaw({ type: 'getPhrase', payload: {} })).toMatchObject({
    ok: false,
    error: { code: 'unknown-request' },
  });
  expect(await popup.sendRaw({ type: 'getStatus', payload: { extra: 1 } })).toMatchObject({
    ok: false,
    error: { code: 'invalid-request', message: 'Unexpected field "extra".' },
  });
  expect(await popup.sendRaw('getStatus')).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
});

test('the answer is the same after the service worker was stopped', async ({ extension }) => {
  const popup = await extension.openPopup();
  const before = await popup.sendRaw({ type: 'getStatus', payload: {} });
  const worker = await extension.serviceWorker();
  await worker.evaluate(() => {
    (globalThis as { probe?: string }).probe = 'set before the stop';
  });

  await extension.stopServiceWorker();

  const after = await popup.sendRaw({ type: 'getStatus', payload: {} });
  expect(after).toEqual(before);
  // The worker that answered is a fresh one: the global set before the stop is gone.
  const restarted = await extension.serviceWorker();
  expect(await restarted.evaluate(() => (globalThis as { probe?: string }).probe)).toBeUndefined();
  await popup.page.reload();
  await expect(popup.lockBadge).toHaveText('No profile');
});
