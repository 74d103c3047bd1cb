/**
 * The background service worker. It only wires listeners; each capability lives in its own file.
 * Listeners are registered synchronously, as MV3 requires for a worker woken by an event.
 */
import { defineBackground } from 'wxt/utils/define-background';
import { localArea, sessionArea } from '../../platform/storage.ts';
import { extensionIdentity, listenForMessages } from '../../platform/runtime.ts';
import { createHandlers } from './handlers/index.ts';
import { createRouter } from './router.ts';

export default defineBackground({
  type: 'module',
  main() {
    listenForMessages(createRouter(createHandlers(localArea, sessionArea), extensionIdentity()));
  },
});
