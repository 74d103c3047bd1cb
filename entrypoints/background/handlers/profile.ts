/** Requests about the profile and the lock: setup, unlock, lock, settings, change phrase, delete, moving in from CLM, backup. */
import type { Vault } from '../../../lib/vault/vault.ts';
import type { AutoLock } from '../auto-lock.ts';
import type { Handlers } from '../router.ts';

export function profileHandlers(
  vault: Vault,
  autoLock: AutoLock,
): Pick<
  Handlers,
  'getStatus' | 'setupProfile' | 'unlock' | 'lock' | 'getProfile' | 'changePhrase' | 'deleteProfile' | 'setAutoLock' | 'setChatNamesWhenLocked' | 'previewClmImport' | 'importClm' | 'exportBackup' | 'previewBackup' | 'restoreBackup'
> {
  return {
    getStatus: () => vault.status(),
    setupProfile: (p) => vault.setup(p),
    unlock: (p) => vault.unlock(p),
    lock: () => vault.lock(),
    getProfile: () => vault.profile(),
    changePhrase: (p) => vault.changePhrase(p),
    deleteProfile: (p) => vault.deleteProfile(p),
    setAutoLock: async (p) => {
      const profile = await vault.setAutoLock(p);
      await autoLock.rearm();
      return profile;
    },
    setChatNamesWhenLocked: (p) => vault.setChatNamesWhenLocked(p),
    previewClmImport: (p) => vault.previewClmImport(p),
    importClm: async (p) => {
      const done = await vault.importClm(p);
      await autoLock.rearm();
      return done;
    },
    exportBackup: (p) => vault.exportBackup(p),
    previewBackup: (p) => vault.previewBackup(p),
    restoreBackup: async (p) => {
      const done = await vault.restoreBackup(p);
      await autoLock.rearm();
      return done;
    },
  };
}
