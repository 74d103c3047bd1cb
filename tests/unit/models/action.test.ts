import { signal } from '@preact/signals';
import { afterEach, describe, expect, it } from 'vitest';
import en from '../../../public/_locales/en/messages.json';
import ru from '../../../public/_locales/ru/messages.json';
import { catalogBackend, installI18n, splitDetail, t } from '../../../lib/i18n/i18n.ts';
import { RequestError } from '../../../platform/client.ts';
import { errorMessage, runAction } from '../../../models/action.ts';

/** What a page's port gives when it is closed mid-request: not an Error at all. */
const NOT_AN_ERROR: unknown = 'the port closed';

function inRussian() {
  installI18n(catalogBackend(ru, 'ru'));
}

afterEach(() => {
  installI18n(catalogBackend(en, 'en-US'));
});

describe('errorMessage', () => {
  it('in English shows the background’s own sentence, and the place’s sentence for what is not an Error', () => {
    expect(errorMessage(new RequestError('locked', 'The extension is locked.'), 'Not sent.')).toBe('The extension is locked.');
    expect(errorMessage(new Error('Disk on fire.'), 'Not sent.')).toBe('Disk on fire.');
    expect(errorMessage(NOT_AN_ERROR, 'Not sent.')).toBe('Not sent.');
  });

  it('in another language words the error’s code in that language, the English original behind “Details”', () => {
    inRussian();
    const shown = splitDetail(errorMessage(new RequestError('locked', 'The extension is locked.'), 'fallback'));
    expect(shown).toEqual({ message: t('error_locked'), detail: 'The extension is locked.' });
    expect(shown.message).toBe('Расширение заблокировано. Разблокируйте его и повторите.');
    expect(splitDetail(errorMessage(new RequestError('no-answer', 'The extension did not answer.'), 'fallback'))).toEqual({
      message: t('error_no_answer'),
      detail: 'The extension did not answer.',
    });
  });

  it('in another language falls back to the place’s sentence for a code that says nothing a person can act on', () => {
    inRussian();
    const fallback = t('error_not_sent');
    expect(splitDetail(errorMessage(new RequestError('internal', 'TypeError: x is undefined'), fallback))).toEqual({ message: fallback, detail: 'TypeError: x is undefined' });
    expect(splitDetail(errorMessage(new RequestError('bad-pointer', 'The pointer is not valid.'), fallback)).message).toBe(fallback);
  });

  it('reads a code only from the client’s RequestError, and only a code of its own table', () => {
    inRussian();
    const fallback = t('error_generic');
    // A plain Error that happens to carry a code is not the background speaking.
    const plain = Object.assign(new Error('locked somewhere'), { code: 'locked' });
    expect(splitDetail(errorMessage(plain, fallback))).toEqual({ message: fallback, detail: 'locked somewhere' });
    // A name that is a property of every object is not a code.
    const inherited = Object.assign(new Error('odd'), { name: 'RequestError', code: 'toString' });
    expect(splitDetail(errorMessage(inherited, fallback))).toEqual({ message: fallback, detail: 'odd' });
    const numeric = Object.assign(new Error('odd'), { name: 'RequestError', code: 404 });
    expect(splitDetail(errorMessage(numeric, fallback)).message).toBe(fallback);
    // The same check by name: a RequestError rebuilt elsewhere (another realm) still counts.
    const lookalike = Object.assign(new Error('The extension is locked.'), { name: 'RequestError', code: 'locked' });
    expect(splitDetail(errorMessage(lookalike, fallback)).message).toBe(t('error_locked'));
  });

  it('in another language gives no “Details” when there is nothing more to say', () => {
    inRussian();
    expect(errorMessage(NOT_AN_ERROR, 'Не отправлено.')).toBe('Не отправлено.');
    // The detail is dropped when it says what the sentence says.
    const same = t('error_locked');
    expect(errorMessage(new RequestError('locked', same), 'fallback')).toBe(same);
    expect(errorMessage(new Error(''), 'Не отправлено.')).toBe('Не отправлено.');
  });
});

describe('runAction', () => {
  it('is busy while the task runs, clears the last error first, and gives the value', async () => {
    const busy = signal(false);
    const error = signal<string | null>('the last failure');
    const task = Promise.withResolvers<number>();
    const running = runAction({ busy, error }, () => task.promise);
    expect(busy.value).toBe(true);
    expect(error.value).toBeNull();
    task.resolve(42);
    expect(await running).toEqual({ ok: true, value: 42 });
    expect(busy.value).toBe(false);
    expect(error.value).toBeNull();
  });

  it('never rejects: a failure is shown in the error signal and the busy flag goes down', async () => {
    const busy = signal(false);
    const error = signal<string | null>(null);
    const done = await runAction({ busy, error }, () => Promise.reject(new RequestError('storage-full', 'Quota exceeded.')), 'Not saved.');
    expect(done).toEqual({ ok: false });
    expect(error.value).toBe('Quota exceeded.');
    expect(busy.value).toBe(false);
  });

  it('a task that throws before its first await is a failure like any other', async () => {
    const error = signal<string | null>(null);
    const done = await runAction({ error }, () => {
      throw new Error('No message is open.');
    });
    expect(done.ok).toBe(false);
    expect(error.value).toBe('No message is open.');
  });

  it('without a busy flag only the error is kept; the default sentence is the generic one', async () => {
    inRussian();
    const error = signal<string | null>(null);
    const done = await runAction({ error }, () => {
      throw NOT_AN_ERROR;
    });
    expect(done.ok).toBe(false);
    expect(error.value).toBe(t('error_generic'));
    expect(error.value).toBe('Не получилось.');
  });
});
