import type { Vault } from '../../../lib/vault/vault.ts';
import type { AutoLock } from '../auto-lock.ts';
import type { Handlers } from '../router.ts';
import { chatHandlers } from './chats.ts';
import { contactHandlers } from './contacts.ts';
import { type JobDeps, jobHandlers } from './jobs.ts';
import { messageHandlers } from './messages.ts';
import { profileHandlers } from './profile.ts';

/** Every request's handler, one file per area. The type makes a missing one a compile error. */
export function createHandlers(vault: Vault, autoLock: AutoLock, jobDeps: JobDeps, pause: () => Promise<void>): Handlers {
  return { ...profileHandlers(vault, autoLock), ...chatHandlers(vault), ...contactHandlers(vault), ...messageHandlers(vault, pause), ...jobHandlers(jobDeps) };
}
