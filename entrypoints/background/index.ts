/**
 * The background service worker. It only wires listeners; each capability lives in its own file.
 * Listeners are registered synchronously, as MV3 requires for a worker woken by an event.
 */
import { defineBackground } from 'wxt/utils/define-background';
import type { LockState } from '../../lib/protocol.ts';
import { Vault } from '../../lib/vault/vault.ts';
import { showLockState } from '../../platform/action.ts';
import { cancelAlarm, onAlarm, scheduleAlarm } from '../../platform/alarms.ts';
import { onSystemLocked } from '../../platform/idle.ts';
import { extensionIdentity, listenForMessages } from '../../platform/runtime.ts';
import { localArea, restrictSessionToTrustedContexts, sessionArea } from '../../platform/storage.ts';
import { createAutoLock } from './auto-lock.ts';
import { createHandlers } from './handlers/index.ts';
import { createRouter } from './router.ts';

export default defineBackground({
  type: 'module',
  main() {
    const onLockStateChange = async (state: LockState) => {
      await Promise.allSettled([showLockState(state), autoLock.rearm()]);
    };
    const vault = new Vault({ local: localArea, session: sessionArea, onLockStateChange });
    const autoLock = createAutoLock({
      status: () => vault.status(),
      lock: () => vault.lock(),
      minutes: () => vault.autoLockMinutes(),
      schedule: scheduleAlarm,
      cancel: cancelAlarm,
      now: Date.now,
    });

    listenForMessages(
      createRouter(createHandlers(vault, autoLock), extensionIdentity(), { onActivity: () => autoLock.activity() }),
    );
    onAlarm((name) => void autoLock.onAlarm(name));
    onSystemLocked(() => void autoLock.onSystemLocked());

    void restrictSessionToTrustedContexts();
    // A fresh worker (browser start, or a restart after idle) shows the state it finds.
    void vault.status().then(
      ({ state }) => showLockState(state),
      () => showLockState('locked'),
    );
  },
});
