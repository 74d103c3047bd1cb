/**
 * The profile's own secrets (CLM's public key, the index key, the profile phrase's sealed root),
 * sealed as one box under the current history key.
 * @module
 */
import { openText, sealText } from './box.ts';
import { VaultError } from './errors.ts';
import type { RandomBytes } from './keys.ts';
import { checkProfileSecrets, PROFILE_SECRETS_AAD, type ProfileSecrets } from './schema.ts';
import { parseRecord } from './store.ts';

export function sealProfileSecrets(key: Uint8Array, secrets: ProfileSecrets, random: RandomBytes): string {
  return sealText(key, JSON.stringify(secrets), PROFILE_SECRETS_AAD, random);
}

/** @throws {VaultError} `corrupt-storage` when the sealed secrets cannot be opened */
export function openProfileSecrets(box: string, key: Uint8Array | undefined): ProfileSecrets {
  const json = key && openText(key, box, PROFILE_SECRETS_AAD);
  if (json === undefined) throw new VaultError('corrupt-storage', "The profile's keys are damaged and cannot be decrypted.");
  return parseRecord(checkProfileSecrets, JSON.parse(json), 'profile secrets');
}

