// Loaded by popup.html before the popup's own code: asks the background for the lock state at
// once, so that a service worker stopped after idle starts while the rest of the page loads
// (the answer is read and checked by platform/client.ts, takeEarlyStatus). Plain script, no
// import: it must run before the module bundle is even parsed.
'use strict';
globalThis.clmEarlyStatus = chrome.runtime.sendMessage({ type: 'getStatus', payload: {} });
