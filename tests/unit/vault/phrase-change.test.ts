import { describe, expect, it } from 'vitest';
import { MemoryStorageArea } from '../../support/memory-stores.ts';
import { recordGeneration } from '../../../lib/vault/history/records.ts';
import { LOCAL_KEYS } from '../../../lib/vault/schema.ts';
import type { Vault } from '../../../lib/vault/vault.ts';
import { copyStores, NEW_PHRASE, PHRASE, rejection, setUp, StoppableStores, type Stores, vaultOver } from './helpers.ts';

const CHANGE = { currentPhrase: PHRASE, newPhrase: NEW_PHRASE, confirmPhrase: NEW_PHRASE, weakPhraseAccepted: true };

/** A profile with history in several buckets and chats, and a chat with a phrase of its own. */
async function populated() {
  const made = await setUp();
  await made.vault.createChat({ name: 'Own', phrase: 'a phrase of the chat', weakPhraseAccepted: true });
  const texts: string[] = [];
  for (let i = 0; i < 150; i++) {
    const text = `message ${i}`;
    texts.push(text);
    await made.vault.sendMessage({ chatId: String(i % 4), text });
  }
  return { ...made, texts: texts.sort() };
}

async function everything(vault: Vault): Promise<string[]> {
  return (await vault.listMessages({ limit: 500 })).messages.map((m) => m.text).sort();
}

describe('change phrase', () => {
  it('keeps history, and afterwards only the new phrase unlocks', async () => {
    const { vault, history } = await setUp();
    await vault.sendMessage({ chatId: '1', text: 'written under the old phrase' });
    expect((await rejection(vault.changePhrase({ currentPhrase: 'nope', newPhrase: 'x', confirmPhrase: 'x', weakPhraseAccepted: true }))).code).toBe('wrong-phrase');
    expect((await rejection(vault.changePhrase({ currentPhrase: PHRASE, newPhrase: 'x', confirmPhrase: 'y', weakPhraseAccepted: true }))).code).toBe('phrases-differ');
    await vault.changePhrase(CHANGE);
    await vault.sendMessage({ chatId: '1', text: 'written under the new phrase' });
    await vault.lock({});
    expect((await rejection(vault.unlock({ phrase: PHRASE }))).code).toBe('wrong-phrase');
    await vault.unlock({ phrase: NEW_PHRASE });
    expect((await vault.listMessages({})).messages.map((m) => m.text)).toEqual(['written under the new phrase', 'written under the old phrase']);
    // Every history record is now under the new key generation.
    expect(new Set([...history.data.values()].map(recordGeneration))).toEqual(new Set([2]));
  });

  it('a worker stop before any write of the change, with storage.session as it is, loses nothing', async () => {
    const { local, session, history, texts } = await populated();
    const snapshot = copyStores({ local, session, history });

    // How many writes an uninterrupted change makes.
    const counting = new StoppableStores(copyStores(snapshot));
    await vaultOver(counting).changePhrase(CHANGE);
    const writes = counting.writes;
    expect(writes).toBeGreaterThan(8);
    const staged = counting.log.findIndex((w) => w.startsWith(`local.set schema,${LOCAL_KEYS.profile}`)) + 1;
    expect(staged).toBe(1);

    for (let stopAt = 1; stopAt <= writes + 1; stopAt++) {
      const disk: Stores = copyStores(snapshot);
      const stopping = new StoppableStores(disk);
      stopping.stopAt = stopAt;
      const change = vaultOver(stopping).changePhrase(CHANGE);
      if (stopAt <= writes) await expect(change).rejects.toThrow();
      else await change;
      const where = `stopped before write ${stopAt} (${stopping.log.length} done; next: ${counting.log[stopAt - 1] ?? 'none'})`;

      // The worker restarts; storage.session is as the stop left it.
      const restarted = vaultOver(disk);
      const status = await restarted.getStatus({});
      if (status.state === 'unlocked') {
        // The session it kept agrees with the profile: everything opens and sending works.
        expect(await everything(restarted), where).toEqual(texts);
        await restarted.sendMessage({ chatId: '1', text: 'after the restart' });
        await restarted.sendMessage({ chatId: '3', text: 'sealed, after the restart' });
        await restarted.lock({});
      }
      const changed = stopAt > staged;
      const phrase = changed ? NEW_PHRASE : PHRASE;
      await restarted.unlock({ phrase });
      const expected = status.state === 'unlocked' ? [...texts, 'after the restart', 'sealed, after the restart'].sort() : texts;
      expect(await everything(restarted), where).toEqual(expected);
      await restarted.sendMessage({ chatId: '1', text: 'and another' });
      await restarted.lock({});
      // Settled: the other phrase does not unlock, and a fresh worker reads everything.
      expect((await rejection(restarted.unlock({ phrase: changed ? PHRASE : NEW_PHRASE }))).code, where).toBe('wrong-phrase');
      const again = vaultOver({ ...disk, session: new MemoryStorageArea() });
      await again.unlock({ phrase });
      expect(await everything(again), where).toEqual([...expected, 'and another'].sort());
      expect((JSON.parse(disk.local.data.get(LOCAL_KEYS.profile) ?? '{}') as { pendingChange?: unknown }).pendingChange, where).toBeUndefined();
    }
  });

  it('a browser killed at any write (session gone) loses nothing, whichever phrase unlocks next', async () => {
    const { local, session, history, texts } = await populated();
    const snapshot = copyStores({ local, session, history });
    const counting = new StoppableStores(copyStores(snapshot));
    await vaultOver(counting).changePhrase(CHANGE);
    // After the final profile write, the old phrase is gone for good.
    const final = counting.log.findLastIndex((w) => w.startsWith(`local.set schema,${LOCAL_KEYS.profile}`)) + 1;
    for (let stopAt = 1; stopAt <= counting.writes; stopAt++) {
      const disk = copyStores(snapshot);
      const stopping = new StoppableStores(disk);
      stopping.stopAt = stopAt;
      await expect(vaultOver(stopping).changePhrase(CHANGE)).rejects.toThrow();
      for (const phrase of [PHRASE, NEW_PHRASE]) {
        const after = copyStores(disk);
        const restarted = vaultOver({ ...after, session: new MemoryStorageArea() });
        try {
          await restarted.unlock({ phrase });
        } catch (error) {
          // Before the staged change landed, the new phrase does not exist yet.
          const refusedRightly = (stopAt === 1 && phrase === NEW_PHRASE) || (stopAt > final && phrase === PHRASE);
          expect(refusedRightly, `stop ${stopAt}, ${phrase}: ${String(error)}`).toBe(true);
          continue;
        }
        expect(await everything(restarted), `killed before write ${stopAt}, unlocked with ${phrase}`).toEqual(texts);
        await restarted.lock({});
        expect((await rejection(restarted.unlock({ phrase: phrase === PHRASE ? NEW_PHRASE : PHRASE }))).code).toBe('wrong-phrase');
      }
    }
  });

  it('a Lock during the change stops it at once; the next unlock finishes it', async () => {
    const vaultRef: { current?: Vault } = {};
    let locked = false;
    const made = await populated();
    const { local, session, history, texts } = made;
    const vault = vaultOver(
      { local, session, history },
      {
        pause: async () => {
          if (!locked && vaultRef.current) {
            locked = true;
            await vaultRef.current.lock({});
          }
        },
      },
    );
    vaultRef.current = vault;
    await expect(vault.changePhrase(CHANGE)).rejects.toMatchObject({ code: 'locked' });
    expect(await vault.getStatus({})).toMatchObject({ state: 'locked' });
    await vault.unlock({ phrase: NEW_PHRASE });
    expect(await everything(vault)).toEqual(texts);
    expect(new Set([...history.data.values()].map(recordGeneration))).toEqual(new Set([2]));
  });
});
