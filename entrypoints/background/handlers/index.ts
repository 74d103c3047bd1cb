/**
 * The background's handler table: the vault's requests as they are, and a named handler for each
 * request that does work outside the vault. The type makes a missing one a compile error.
 */
import type { Vault } from '../../../lib/vault/vault.ts';
import type { Handlers } from '../router.ts';
import { discoverTextHandler } from './discover-text.ts';
import { type JobDeps, jobHandlers } from './jobs.ts';

export function createHandlers(vault: Vault, jobDeps: JobDeps, pause: () => Promise<void>): Handlers {
  return { ...vault.requests, discoverText: discoverTextHandler(vault, pause), ...jobHandlers(jobDeps) };
}
