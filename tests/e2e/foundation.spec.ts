import { expect, test } from './fixtures.ts';

test('the popup renders the app shell with the state read from the background', async ({ extension }, testInfo) => {
  const popup = await extension.openPopup();
  await expect(popup.title).toBeVisible();
  await expect(popup.lockBadge).toHaveText('No profile');
  await expect(popup.page.getByRole('heading', { name: 'Create your profile' })).toBeVisible();
  await popup.screenshot(testInfo.outputPath('popup-setup-light.png'), 'light');
  await popup.screenshot(testInfo.outputPath('popup-setup-dark.png'), 'dark');
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
    error: { code: 'invalid-request', message: 'Invalid request: payload.extra: is not a field of this request.' },
  });
  expect(await popup.sendRaw({ type: 'sendMessage', payload: { chatId: '1', text: 42 } })).toMatchObject({
    ok: false,
    error: { code: 'invalid-request', message: 'Invalid request: payload.text: must be text.' },
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
