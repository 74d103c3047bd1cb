import { describe, expect, it } from 'vitest';
import { catalogOperations } from '../../../lib/vault/catalog.ts';
import { clmImportOperations } from '../../../lib/vault/clm-import.ts';
import { contactOperations } from '../../../lib/vault/contacts.ts';
import { messageOperations } from '../../../lib/vault/messages.ts';
import { profileOperations } from '../../../lib/vault/profile.ts';
import { transferOperations } from '../../../lib/vault/transfer.ts';
import { VAULT_OPERATIONS } from '../../../lib/vault/vault.ts';
import { isRequestType, REQUEST_TYPES } from '../../../lib/wire/protocol.ts';
import { PHRASE, setUp } from './helpers.ts';

const PARTS = { profileOperations, catalogOperations, contactOperations, messageOperations, clmImportOperations, transferOperations };
/** The requests the background answers itself, outside the vault (entrypoints/background/handlers/). */
const NAMED_HANDLERS = ['discoverText', 'getDiscoveryJob', 'getComposeJob', 'writePointerIntoPage'];

describe('the vault’s one table of requests', () => {
  it('is made of the parts’ tables, and no part shadows another’s request', () => {
    const seen = new Map<string, string>();
    for (const [part, table] of Object.entries(PARTS)) {
      for (const type of Object.keys(table)) {
        expect(seen.get(type), `${type} is in ${seen.get(type)} and ${part}`).toBeUndefined();
        seen.set(type, part);
      }
    }
    expect([...seen.keys()].sort()).toEqual(Object.keys(VAULT_OPERATIONS).sort());
  });

  it('with the named handlers, answers every request type of the map exactly once', () => {
    const vaultTypes = Object.keys(VAULT_OPERATIONS);
    expect(vaultTypes.every(isRequestType)).toBe(true);
    expect(vaultTypes.filter((t) => NAMED_HANDLERS.includes(t))).toEqual([]);
    expect([...vaultTypes, ...NAMED_HANDLERS].sort()).toEqual([...REQUEST_TYPES].sort());
  });

  it('queues every write and lets reads and Lock run at once', () => {
    const immediate = Object.entries(VAULT_OPERATIONS)
      .filter(([, op]) => !op.queued)
      .map(([type]) => type)
      .sort();
    expect(immediate).toEqual(['getChatInvite', 'getMessage', 'getProfile', 'getStatus', 'listChatNames', 'listChats', 'listMessages', 'lock', 'previewBackup', 'previewClmImport'].sort());
  });

  it('runs Lock at once, not behind queued writes: the writes under way stop and send nothing', async () => {
    const { vault } = await setUp();
    const order: string[] = [];
    const sends = ['one', 'two'].map((text) =>
      vault.sendMessage({ chatId: '1', text }).then(
        () => order.push(`sent ${text}`),
        (error: unknown) => order.push(`${text} refused: ${(error as { code?: string }).code ?? '?'}`),
      ),
    );
    const locked = vault.lock({}).then(() => order.push('locked'));
    await Promise.all([...sends, locked]);
    expect(order).toEqual(['locked', 'one refused: locked', 'two refused: locked']);
    await vault.unlock({ phrase: PHRASE });
    expect((await vault.listMessages({})).total).toBe(0);
  });
});
