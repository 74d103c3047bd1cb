/**
 * The background service worker. It only wires listeners; each capability lives in its own file.
 * Listeners are registered synchronously, as MV3 requires for a worker woken by an event.
 */
import { defineBackground } from 'wxt/utils/define-background';
import { JobStore } from '../../lib/jobs/job-store.ts';
import { createVault } from '../../lib/vault/vault.ts';
import type { LockState } from '../../lib/wire/views.ts';
import { showLockState } from '../../platform/action.ts';
import { cancelAlarm, onAlarm, scheduleAlarm } from '../../platform/alarms.ts';
import { onCommand } from '../../platform/commands.ts';
import { indexedDbHistory } from '../../platform/history-db.ts';
import { onSystemLocked } from '../../platform/idle.ts';
import { installBrowserI18n } from '../../platform/i18n.ts';
import { onMenuClicked, replaceContextMenus } from '../../platform/menus.ts';
import { extensionIdentity, listenForMessages, onInstalledOrStartup } from '../../platform/runtime.ts';
import { insertIntoTarget, markComposeTarget, readSelection, readVisibleText } from '../../platform/scripting.ts';
import { localArea, restrictStorageToTrustedContexts, sessionArea } from '../../platform/storage.ts';
import { openExtensionWindow } from '../../platform/windows.ts';
import { createAutoLock } from './auto-lock.ts';
import { nextTask, yieldToMessages } from './between-steps.ts';
import { handleCommand } from './commands.ts';
import { handleMenuClick, type MenuDeps, menuItems } from './context-menus.ts';
import { createHandlers } from './handlers/index.ts';
import { createRouter } from './router.ts';
import { installTestHooks } from './test-hooks.ts';

export default defineBackground({
  type: 'module',
  main() {
    // Before any key is stretched: a Lock must be answered during seconds of scrypt.
    yieldToMessages();
    // Menu titles and the texts the windows show from a menu click speak the browser's language.
    installBrowserI18n();
    const onLockStateChange = async (state: LockState) => {
      await Promise.allSettled([showLockState(state), autoLock.rearm()]);
    };
    const hooked = import.meta.env.MODE === 'e2e' ? installTestHooks(indexedDbHistory()) : undefined;
    const vault = createVault({
      local: localArea,
      session: sessionArea,
      history: hooked?.history ?? indexedDbHistory(),
      onLockStateChange,
      ...(hooked && { checkpoint: hooked.checkpoint, now: hooked.now }),
    });
    const jobs = new JobStore(sessionArea);
    const pause = hooked?.pause ?? nextTask;
    const autoLock = createAutoLock({
      status: () => vault.getStatus({}),
      lock: () => vault.lock({}),
      minutes: () => vault.autoLockMinutes(),
      schedule: scheduleAlarm,
      cancel: cancelAlarm,
      now: Date.now,
    });

    listenForMessages(
      createRouter(createHandlers(vault, { vault, jobs, insertIntoTarget }, pause), extensionIdentity(), {
        onActivity: () => autoLock.activity(),
      }),
    );
    onAlarm((name) => void autoLock.onAlarm(name));
    onSystemLocked(() => void autoLock.onSystemLocked());
    const menuDeps: MenuDeps = { jobs, readSelection, readVisibleText, markComposeTarget, openWindow: openExtensionWindow, pause };
    onMenuClicked((click, tab) => {
      void handleMenuClick(menuDeps, click, tab).catch(() => {
        console.error('CLM background: a menu action failed');
      });
    });
    onCommand((name, tab) => {
      void handleCommand(menuDeps, name, tab).catch(() => {
        console.error('CLM background: a keyboard shortcut failed');
      });
    });
    // Menus are replaced, not added to, on every install and startup: idempotent.
    onInstalledOrStartup(() => void replaceContextMenus(menuItems()));

    void restrictStorageToTrustedContexts();
    // A fresh worker (browser start, or a restart after idle) shows the state it finds.
    void vault.getStatus({}).then(
      ({ state }) => showLockState(state),
      () => showLockState('locked'),
    );
  },
});
