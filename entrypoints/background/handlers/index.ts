import type { StorageArea } from '../../../lib/storage-area.ts';
import type { Handlers } from '../router.ts';
import { createGetStatus } from './get-status.ts';

/** Every request's handler, bound to its storage. */
export function createHandlers(local: StorageArea, session: StorageArea): Handlers {
  return {
    getStatus: createGetStatus(local, session),
  };
}
