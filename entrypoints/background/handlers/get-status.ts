import type { StatusView } from '../../../lib/protocol.ts';
import type { StorageArea } from '../../../lib/storage-area.ts';

/** The vault's state for any extension page: whether a profile exists and whether it is unlocked. */
export function createGetStatus(local: StorageArea, session: StorageArea) {
  return async (): Promise<StatusView> => {
    const { profile } = await local.get(['profile']);
    if (typeof profile !== 'object' || profile === null) return { state: 'no-profile', username: null };
    const { username } = profile as { username?: unknown };
    const { unlocked } = await session.get(['unlocked']);
    return {
      state: unlocked === undefined ? 'locked' : 'unlocked',
      username: typeof username === 'string' ? username : null,
    };
  };
}
