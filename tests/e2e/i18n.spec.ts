/**
 * Two languages: a browser whose interface is Russian gets the whole extension in Russian — setup,
 * a chat, sending, discovering, a message's details — with no English word on screen, in
 * light and dark. (English is what every other test runs in: fixtures.ts pins it.)
 */
import type { Page } from '@playwright/test';
import { createPointer } from '../../lib/clm/format.ts';
import { expect, openExtensionSession, test } from './fixtures.ts';

const PHRASE = 'тестовая фраза для проверки языка';
/**
 * What stays as it is in every language: the product's name, the protocol and the markers of its
 * texts (an invite starts CLMCHAT1:, a card CLMCARD1:), the code kind, and key caps (a Russian
 * keyboard prints "Enter" and "Shift" on its keys).
 */
const BRAND = ['Chrono-Library Messenger', 'CLMCHAT1', 'CLMCARD1', 'CLM', 'QR', 'Shift+Enter', 'Enter'];

/**
 * Every English-looking word a person could read or hear on the page: its text, its title, and the
 * accessible names and hints of visible elements — minus `data` (what people typed, pointers).
 */
async function englishWords(page: Page, data: readonly string[]): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const out = [document.title, document.body.innerText];
    for (const el of document.querySelectorAll<HTMLElement>('[aria-label], [title], [placeholder], [alt], [aria-valuetext]')) {
      if (el.getClientRects().length === 0) continue;
      for (const name of ['aria-label', 'title', 'placeholder', 'alt', 'aria-valuetext']) {
        const value = el.getAttribute(name);
        if (value) out.push(value);
      }
    }
    return out;
  });
  let all = texts.join('\n');
  for (const known of [...data, ...BRAND].sort((a, b) => b.length - a.length)) all = all.split(known).join(' ');
  return [...new Set(all.match(/[A-Za-z]{2,}/g) ?? [])];
}

test('speaks Russian', async () => {
  const testInfo = test.info();
  test.setTimeout(120_000);
  const session = await openExtensionSession({ lang: 'ru' });
  try {
    const popup = await session.openPopup();
    const { page } = popup;
    const typed: string[] = ['Алиса', 'привет из браузера', 'сообщение от Боба', 'Боб'];
    const shots = (name: string) => testInfo.outputPath(name);
    const check = async (screen: string) => {
      await popup.screenshots(shots, screen);
      expect(await englishWords(page, typed), screen).toEqual([]);
    };

    // Setup: the first screen, in Russian, with the page's language and title.
    await expect(page.getByRole('heading', { name: 'Создайте профиль' })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    await check('01-setup');
    await page.getByLabel('Ваше имя').fill('Алиса');
    await page.getByLabel('Секретная фраза', { exact: true }).fill(PHRASE);
    await page.getByLabel('Секретная фраза ещё раз').fill(PHRASE);
    await expect(page.getByRole('meter', { name: 'Надёжность фразы' })).toBeVisible();
    const weak = page.getByRole('checkbox', { name: /Всё равно использовать эту слабую фразу/ });
    if (await weak.isVisible()) await weak.check();
    await check('02-setup-filled');
    await page.getByRole('button', { name: 'Создать профиль' }).click();
    await expect(page.locator('header').getByText('Разблокировано', { exact: true })).toBeVisible();

    // The chats: CLM's three, named in Russian, counted in Russian.
    const chats = page.getByRole('list', { name: 'Чаты' });
    await expect(chats.getByRole('button')).toHaveCount(3);
    await expect(chats).toContainText('0 сообщений');
    await check('03-chats');

    // A chat, and a message sent through the composer.
    await chats.getByRole('button', { name: /Общий чат/ }).click();
    await expect(page.getByText('Сообщений пока нет')).toBeVisible();
    await check('04-chat-empty');
    const box = page.getByRole('textbox', { name: 'Сообщение', exact: true });
    await box.fill('привет из браузера');
    await box.press('Enter');
    await expect(box).toHaveValue('');
    const conversation = page.getByRole('list', { name: /^Сообщения в чате/ });
    await expect(conversation).toContainText('привет из браузера');
    await expect(conversation.locator('.day-separator')).toHaveText('Сегодня');
    const sent = (await page.getByRole('group', { name: 'Опубликуйте этот указатель', exact: true }).getByRole('code').textContent()) ?? '';
    expect(sent).toMatch(/^\{"c": "1"/);
    typed.push(sent);
    await check('05-chat-sent');
    await page.getByRole('button', { name: 'Настроить' }).click();
    await check('06-chat-settings');
    await page.getByRole('button', { name: 'Настроить' }).click();

    // Discover a pointer Bob made with the same phrase, from the Chats screen.
    const fromBob = createPointer({ phrase: PHRASE, username: 'Боб', chatId: '1', seedSuffix: 'general', epoch: Math.floor(Date.now() / 1000) - 3600, text: 'сообщение от Боба' });
    typed.push(fromBob);
    await page.getByRole('navigation', { name: 'Разделы' }).getByRole('button', { name: 'Чаты' }).click();
    await page.getByRole('textbox', { name: 'Вставьте указатель' }).fill(fromBob);
    await check('07-discover-pasted');
    await page.getByRole('button', { name: 'Обнаружить', exact: true }).click();
    await expect(page.getByText('Сообщение обнаружено')).toBeVisible();
    await expect(page.getByRole('list', { name: 'Чаты' })).toContainText('2 сообщения');
    await check('08-discovered');

    // The message's details: its date in Russian.
    await page.getByRole('button', { name: 'Подробности' }).click();
    await expect(page.getByRole('heading', { name: /^Сообщение №\d+/ })).toBeVisible();
    await check('09-message');
    await page.getByRole('button', { name: /^← / }).click();

    // A pointer that is not one: the Russian sentence, with nothing English shown.
    await page.getByRole('navigation', { name: 'Разделы' }).getByRole('button', { name: 'Чаты' }).click();
    await page.getByRole('textbox', { name: 'Вставьте указатель' }).fill('{"c": "1", "e": 5, "d": "zz"}');
    await page.getByRole('button', { name: 'Обнаружить', exact: true }).click();
    await expect(page.getByRole('alert').first()).toContainText('Не удалось прочитать этот указатель');
    // The background's English reason is there, but only behind a closed "Подробности".
    await expect(page.getByRole('alert').first().locator('details:not([open]) summary')).toHaveText('Подробности');
    typed.push('{"c": "1", "e": 5, "d": "zz"}');
    await check('10-discover-failed');

    // History and Profile.
    await page.getByRole('navigation', { name: 'Разделы' }).getByRole('button', { name: 'История' }).click();
    await expect(page.getByRole('status').filter({ hasText: '2 сообщения' })).toBeVisible();
    await check('11-history');
    await page.getByRole('navigation', { name: 'Разделы' }).getByRole('button', { name: 'Профиль' }).click();
    await expect(page.getByRole('heading', { name: 'Моя карточка' })).toBeVisible();
    const card = (await page.getByRole('group', { name: 'Моя карточка', exact: true }).getByRole('code').textContent()) ?? '';
    const key = (await page.getByRole('group', { name: 'Открытый ключ CLM', exact: true }).getByRole('code').textContent()) ?? '';
    typed.push(card, key, 'scrypt N=');
    await check('12-profile');

    // Locked: the unlock screen.
    await page.getByRole('button', { name: 'Заблокировать', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Разблокировать' })).toBeVisible();
    await check('13-locked');
  } finally {
    await session.close();
  }
});
