import { VaultError } from './errors.ts';

/**
 * The vault's error for a write the browser refused: `storage-full` when the disk or quota is
 * full (chrome.storage says "QUOTA_BYTES…", IndexedDB throws a QuotaExceededError), else
 * `storage-failed`. Either way nothing was saved, and the message says so.
 */
export function storageFailure(error: unknown): VaultError {
  if (error instanceof VaultError) return error;
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  if (/quota/i.test(text)) {
    return new VaultError(
      'storage-full',
      "The browser's storage for this extension is full, so nothing was saved. Empty the trash, delete old chats or free disk space, then try again.",
    );
  }
  return new VaultError('storage-failed', 'The browser could not save this change, so nothing was saved. Please try again.');
}
