import { describe, expect, it } from 'vitest';
import type { ProfileView, StatusView } from '../../../lib/wire/protocol.ts';
import { RequestError } from '../../../platform/client.ts';
import { createProfileModel } from '../../../models/profile-model.ts';
import { fakeApi, type FakeHandlers, settle } from './fake-api.ts';
import { profileView, UNLOCKED } from './views.ts';

const NO_PROFILE: StatusView = { state: 'no-profile', username: null };

function setUp(handlers: FakeHandlers) {
  const fake = fakeApi(handlers);
  let gone = 0;
  const model = createProfileModel(fake.api, () => {
    gone++;
    return Promise.resolve();
  });
  return { model, calls: fake.calls, gone: () => gone };
}

describe('the profile model', () => {
  it('loads the profile; a failed load says why and keeps what is shown', async () => {
    let fail = false;
    const { model } = setUp({ getProfile: () => (fail ? Promise.reject(new RequestError('locked', 'The extension is locked.')) : profileView()) });
    await model.load();
    expect(model.profile.value).toEqual(profileView());
    expect(model.error.value).toBeNull();
    fail = true;
    await model.load();
    expect(model.error.value).toBe('The extension is locked.');
    expect(model.profile.value).toEqual(profileView());
  });

  it('shows the settings as the background saved them', async () => {
    const { model, calls } = setUp({
      setAutoLock: ({ minutes }) => profileView({ autoLockMinutes: minutes }),
      setChatNamesWhenLocked: ({ show }) => profileView({ chatNamesWhenLocked: show }),
    });
    await model.setAutoLock(60);
    expect(model.profile.value?.autoLockMinutes).toBe(60);
    await model.setChatNamesWhenLocked(true);
    expect(model.profile.value?.chatNamesWhenLocked).toBe(true);
    expect(calls.map((c) => [c.type, c.payload])).toEqual([
      ['setAutoLock', { minutes: 60 }],
      ['setChatNamesWhenLocked', { show: true }],
    ]);
  });

  it('a setting that was not saved says why and leaves the profile as it was; the next one clears the error', async () => {
    let fail = true;
    const { model } = setUp({
      getProfile: () => profileView(),
      setAutoLock: ({ minutes }) => (fail ? Promise.reject(new RequestError('storage-failed', 'The browser could not save it.')) : profileView({ autoLockMinutes: minutes })),
      setChatNamesWhenLocked: ({ show }) => (fail ? Promise.reject(new Error('The extension is locked.')) : profileView({ chatNamesWhenLocked: show })),
    });
    await model.load();
    await model.setAutoLock(0);
    expect(model.error.value).toBe('The browser could not save it.');
    expect(model.profile.value?.autoLockMinutes).toBe(15);
    await model.setChatNamesWhenLocked(true);
    expect(model.error.value).toBe('The extension is locked.');
    expect(model.profile.value?.chatNamesWhenLocked).toBe(false);
    fail = false;
    await model.setChatNamesWhenLocked(true);
    expect(model.error.value).toBeNull();
    expect(model.profile.value?.chatNamesWhenLocked).toBe(true);
    fail = true;
    await model.setAutoLock(0);
    fail = false;
    await model.setAutoLock(0);
    expect(model.error.value).toBeNull();
    expect(model.profile.value?.autoLockMinutes).toBe(0);
  });

  it('changes the phrase, says so, and reads the profile again (its CLM key changed)', async () => {
    const answer = Promise.withResolvers<StatusView>();
    const { model, calls } = setUp({ changePhrase: () => answer.promise, getProfile: () => profileView({ clmPublicKey: 'cd'.repeat(32) }) });
    const changing = model.changePhrase('old phrase', 'new phrase', 'new phrase');
    expect(model.changing.value).toBe(true);
    expect(model.changed.value).toBe(false);
    answer.resolve(UNLOCKED);
    expect(await changing).toBe(true);
    expect(model.changing.value).toBe(false);
    expect(model.changed.value).toBe(true);
    expect(model.changeError.value).toBeNull();
    expect(model.profile.value?.clmPublicKey).toBe('cd'.repeat(32));
    expect(calls.map((c) => [c.type, c.payload])).toEqual([
      ['changePhrase', { currentPhrase: 'old phrase', newPhrase: 'new phrase', confirmPhrase: 'new phrase' }],
      ['getProfile', {}],
    ]);
  });

  it('a weak new phrase accepted on purpose says so to the background; otherwise nothing is added', async () => {
    const fake = fakeApi({ changePhrase: () => UNLOCKED, getProfile: () => profileView() });
    const model = createProfileModel(fake.api, () => Promise.resolve());
    expect(await model.changePhrase('old phrase', 'weak', 'weak', true)).toBe(true);
    expect(await model.changePhrase('weak', 'a strong enough phrase of eight words here', 'a strong enough phrase of eight words here')).toBe(true);
    expect(fake.calls.filter((c) => c.type === 'changePhrase').map((c) => c.payload)).toStrictEqual([
      { currentPhrase: 'old phrase', newPhrase: 'weak', confirmPhrase: 'weak', weakPhraseAccepted: true },
      { currentPhrase: 'weak', newPhrase: 'a strong enough phrase of eight words here', confirmPhrase: 'a strong enough phrase of eight words here' },
    ]);
  });

  it('a refused phrase change says why, and a new attempt hides the last “changed”', async () => {
    let refuse = false;
    const { model, calls } = setUp({
      changePhrase: () => (refuse ? Promise.reject(new RequestError('wrong-phrase', 'That is not your current phrase.')) : UNLOCKED),
      getProfile: () => profileView(),
    });
    expect(await model.changePhrase('a', 'b', 'b')).toBe(true);
    expect(model.changed.value).toBe(true);
    refuse = true;
    expect(await model.changePhrase('wrong', 'c', 'c')).toBe(false);
    expect(model.changed.value).toBe(false);
    expect(model.changeError.value).toBe('That is not your current phrase.');
    expect(model.changing.value).toBe(false);
    // Refused: the profile is not read again.
    expect(calls.map((c) => c.type)).toEqual(['changePhrase', 'getProfile', 'changePhrase']);
  });

  it('deletes the profile: nothing shown any more, and the session is read again after the delete', async () => {
    const deleted = Promise.withResolvers<StatusView>();
    const { model, calls, gone } = setUp({ getProfile: () => profileView(), deleteProfile: () => deleted.promise });
    await model.load();
    const deleting = model.deleteProfile('DELETE');
    expect(model.deleting.value).toBe(true);
    await settle();
    expect(gone()).toBe(0);
    expect(model.profile.value).not.toBeNull();
    deleted.resolve(NO_PROFILE);
    expect(await deleting).toBe(true);
    expect(model.profile.value).toBeNull();
    expect(gone()).toBe(1);
    expect(model.deleting.value).toBe(false);
    expect(calls[1]).toEqual({ type: 'deleteProfile', payload: { confirmation: 'DELETE' } });
  });

  it('a refused delete keeps the profile, says why, and does not read the session again', async () => {
    const { model, gone } = setUp({
      getProfile: () => profileView(),
      deleteProfile: () => Promise.reject(new RequestError('confirmation-required', 'Type DELETE to confirm.')),
    });
    await model.load();
    const before: ProfileView | null = model.profile.value;
    expect(await model.deleteProfile('delete')).toBe(false);
    expect(model.profile.value).toBe(before);
    expect(model.deleteError.value).toBe('Type DELETE to confirm.');
    expect(model.deleting.value).toBe(false);
    expect(gone()).toBe(0);
  });
});
