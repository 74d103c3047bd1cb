import { describe, expect, it } from 'vitest';
import type { ClmDatabase } from '../../../lib/clm/database.ts';
import type { BackupPreviewView, ClmImportPlanView, StatusView } from '../../../lib/wire/protocol.ts';
import { createImportModel, type ImportDeps } from '../../../models/import-model.ts';
import { fakeApi, type FakeHandlers } from './fake-api.ts';

const DATABASE: ClmDatabase = {
  username: 'alice',
  publicKey: 'ab'.repeat(32),
  chats: [{ id: '3', name: 'Project', seedSuffix: 'proj' }],
  rows: [{ id: 1, type: 'sent', chatId: '3', epoch: 1, message: 'alice: hi', payload: '{}', deleted: false }],
  malformed: [{ id: 2, reason: 'wrong type' }],
};
const PLAN: ClmImportPlanView = { username: 'alice', chats: [{ clmId: '3', name: 'Project', seedSuffix: 'proj', status: 'new', messages: 1 }], toImport: 1, alreadyPresent: 0, refused: [] };
const STATUS: StatusView = { state: 'unlocked', username: 'alice' };
const PREVIEW: BackupPreviewView = { username: 'alice', createdAt: 1, chats: 4, chatsWithOwnPhrase: 1, messages: 9 };

function setUp(handlers: FakeHandlers, readDatabase: ImportDeps['readDatabase'] = () => Promise.resolve(DATABASE)) {
  const fake = fakeApi(handlers);
  const saved: { fileName: string; text: string }[] = [];
  let profileChanges = 0;
  const model = createImportModel(fake.api, {
    readDatabase,
    saveFile: (fileName, text) => saved.push({ fileName, text }),
    onProfileChanged: () => {
      profileChanges++;
      return Promise.resolve();
    },
  });
  return { model, calls: fake.calls, saved, profileChanges: () => profileChanges };
}

describe('the import model', () => {
  it('reads a CLM file, previews it with the phrase on the first run, imports it, and has the session read again', async () => {
    const { model, calls, profileChanges } = setUp({
      previewClmImport: () => PLAN,
      importClm: () => ({ result: { imported: 1, alreadyPresent: 0, chatsCreated: 1, refused: [] }, status: STATUS }),
    });
    await model.clm.choose('clm.db', new Uint8Array([1]));
    expect(model.clm.fileName.value).toBe('clm.db');
    expect(model.clm.unreadableRows.value).toBe(1);
    expect(await model.clm.preview('the phrase')).toBe(true);
    expect(model.clm.plan.value).toEqual(PLAN);
    expect(await model.clm.importNow('the phrase')).toBe(true);
    expect(model.clm.result.value).toMatchObject({ imported: 1 });
    expect(model.clm.plan.value).toBeNull();
    expect(profileChanges()).toBe(1);
    // What went to the background: the rows read, never the unreadable ones; the phrase only when given.
    expect(calls.map((c) => c.type)).toEqual(['previewClmImport', 'importClm']);
    expect(calls[0]?.payload).toEqual({ database: { username: 'alice', publicKey: DATABASE.publicKey, chats: DATABASE.chats, rows: DATABASE.rows }, phrase: 'the phrase' });
  });

  it('shows why a file is not a CLM database, and a failed preview leaves no plan to import', async () => {
    const { model, calls } = setUp({ previewClmImport: () => Promise.reject(new Error('This database was made with another phrase.')) }, () =>
      Promise.reject(new Error('This file is not a CLM database.')),
    );
    expect(await model.clm.preview()).toBe(false);
    expect(model.clm.error.value).toMatch(/Choose CLM/);
    await model.clm.choose('photo.jpg', new Uint8Array([1]));
    expect(model.clm.error.value).toBe('This file is not a CLM database.');
    expect(await model.clm.importNow()).toBe(false);
    expect(calls).toHaveLength(0);
    expect(model.clm.busy.value).toBe(false);
  });

  it('a wrong phrase is shown, and a later file starts over', async () => {
    let fail = true;
    const { model } = setUp({ previewClmImport: () => (fail ? Promise.reject(new Error('another phrase')) : PLAN) });
    await model.clm.choose('clm.db', new Uint8Array([1]));
    expect(await model.clm.preview('wrong')).toBe(false);
    expect(model.clm.error.value).toBe('another phrase');
    expect(model.clm.plan.value).toBeNull();
    fail = false;
    expect(await model.clm.preview('right')).toBe(true);
    expect(model.clm.error.value).toBeNull();
    await model.clm.choose('other.db', new Uint8Array([2]));
    expect(model.clm.plan.value).toBeNull();
  });

  it('saves the backup the background seals, under its name', async () => {
    const { model, saved, calls } = setUp({ exportBackup: () => ({ file: '{"format":"x"}', fileName: 'clm-backup-2026-11-27.json', messages: 9 }) });
    expect(await model.backup.exportNow('my phrase')).toBe(true);
    expect(saved).toEqual([{ fileName: 'clm-backup-2026-11-27.json', text: '{"format":"x"}' }]);
    expect(model.backup.saved.value).toEqual({ fileName: 'clm-backup-2026-11-27.json', messages: 9 });
    expect(calls[0]?.payload).toEqual({ phrase: 'my phrase' });
  });

  it('a refused backup saves nothing and says why', async () => {
    const { model, saved } = setUp({ exportBackup: () => Promise.reject(new Error('That is not your profile phrase.')) });
    expect(await model.backup.exportNow('wrong')).toBe(false);
    expect(saved).toEqual([]);
    expect(model.backup.error.value).toBe('That is not your profile phrase.');
  });

  it('checks a backup file with its phrase before restoring it', async () => {
    const { model, calls, profileChanges } = setUp({
      previewBackup: () => PREVIEW,
      restoreBackup: () => ({ result: { chatsAdded: 4, messagesAdded: 9, alreadyPresent: 0, madeProfile: true, leftOut: [] }, status: STATUS }),
    });
    expect(await model.restore.check('p')).toBe(false);
    expect(model.restore.error.value).toMatch(/Choose a backup/);
    model.restore.choose('backup.json', 'FILE');
    expect(model.restore.error.value).toBeNull();
    expect(await model.restore.check('p')).toBe(true);
    expect(model.restore.preview.value).toEqual(PREVIEW);
    expect(await model.restore.restore('p')).toBe(true);
    expect(model.restore.result.value).toMatchObject({ madeProfile: true, messagesAdded: 9 });
    expect(profileChanges()).toBe(1);
    expect(calls.map((c) => [c.type, c.payload])).toEqual([
      ['previewBackup', { file: 'FILE', phrase: 'p' }],
      ['restoreBackup', { file: 'FILE', phrase: 'p' }],
    ]);
  });
});
