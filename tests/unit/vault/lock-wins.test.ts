/**
 * Lock wins over a long key stretch: a backup may ask seconds of scrypt, and a Lock meanwhile stops
 * it at once, changes nothing, and is not counted as a wrong phrase.
 */
import { describe, expect, it } from 'vitest';
import { copyStores, dumpHistory, dumpLocal, NEW_PHRASE, newStores, PHRASE, rejection, setUp, vaultOver } from './helpers.ts';

/** A backup of `vault`'s profile whose header asks scrypt N = 2^18 (a few hundred ms here, seconds at 2^20). */
async function slowBackup(vault: Awaited<ReturnType<typeof setUp>>['vault']): Promise<string> {
  const { file } = await vault.exportBackup({ phrase: PHRASE });
  const parsed = JSON.parse(file) as { kdf: { N: number } };
  parsed.kdf.N = 2 ** 18;
  return JSON.stringify(parsed);
}

describe('a Lock during a key stretch', () => {
  it('stops a restore into the profile: Lock answers first, the restore is refused as locked, nothing changed', async () => {
    const { vault, local, history } = await setUp();
    const file = await slowBackup(vault);
    const before = [dumpLocal(local), dumpHistory(history)];
    const order: string[] = [];
    const restoring = rejection(vault.restoreBackup({ file, phrase: PHRASE })).then((e) => {
      order.push('restore ended');
      return e;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    await vault.lock({});
    order.push('locked');
    const refused = await restoring;
    expect(order).toEqual(['locked', 'restore ended']);
    expect(refused.code).toBe('locked');
    // Nothing of the restore was written (Lock removes only the session, which lives in storage.session).
    expect([dumpLocal(local), dumpHistory(history)]).toEqual(before);
    expect(await vault.unlock({ phrase: PHRASE })).toMatchObject({ state: 'unlocked' });
  });

  it('stops a first-run restore: no profile is made', async () => {
    const { vault } = await setUp();
    const file = await slowBackup(vault);
    const stores = newStores();
    const fresh = vaultOver(stores);
    const restoring = rejection(fresh.restoreBackup({ file, phrase: PHRASE }));
    await new Promise((resolve) => setTimeout(resolve, 30));
    await fresh.lock({});
    expect((await restoring).code).toBe('locked');
    expect(stores.local.data.size).toBe(0);
    expect(await fresh.getStatus({})).toEqual({ state: 'no-profile', username: null });
  });

  it('stops an unlock and a phrase change without counting a mistake', async () => {
    const made = await setUp({ kdfCost: { N: 2 ** 17, r: 8, p: 1 } });
    const stores = copyStores(made);
    const vault = vaultOver(stores);
    const changing = rejection(vault.changePhrase({ currentPhrase: PHRASE, newPhrase: NEW_PHRASE, confirmPhrase: NEW_PHRASE, weakPhraseAccepted: true }));
    await new Promise((resolve) => setTimeout(resolve, 30));
    await vault.lock({});
    expect((await changing).code).toBe('locked');

    const unlocking = rejection(vault.unlock({ phrase: PHRASE }));
    await new Promise((resolve) => setTimeout(resolve, 30));
    await vault.lock({});
    expect((await unlocking).code).toBe('locked');
    // No failure delay: the next unlock is checked at once, and the old phrase still opens it.
    expect(await vault.unlock({ phrase: PHRASE })).toMatchObject({ state: 'unlocked' });
    expect(JSON.stringify([...stores.local.data])).not.toContain('"failures":1');
  });
});
