import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { describePopupSize } from './scripts/bundle-size.ts';

// See https://wxt.dev/api/config.html
export default defineConfig({
  // Manifest V3 for every browser (Firefox too): one set of APIs (action, scripting, session storage).
  manifestVersion: 3,
  // The sources zip for the stores: the code, without test output or local builds.
  zip: { excludeSources: ['test-results/**', 'playwright-report/**', '.output/**', '.scratch/**', 'bench/**/*.json'] },
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: a reader sees where every name comes from.
  imports: false,
  manifest: ({ browser }) => ({
    // Names and texts from public/_locales (Chrome and Firefox pick the browser's language).
    default_locale: 'en',
    name: '__MSG_manifest_name__',
    short_name: 'CLM',
    description: '__MSG_manifest_description__',
    // The narrowest set for what is built so far; each later capability adds its own.
    // storage: profile, chats, sealed history; alarms: auto-lock that wakes a stopped worker;
    // idle: lock when the operating system locks the screen; contextMenus + activeTab +
    // scripting: read a page or write into a field only in the tab whose menu was clicked —
    // no standing access to any site.
    permissions: ['storage', 'alarms', 'idle', 'contextMenus', 'activeTab', 'scripting'],
    action: {
      default_title: '__MSG_manifest_action_title__',
      // Locked until the worker has looked: a fresh browser has no unlocked session.
      default_icon: { 16: 'icon/locked-16.png', 32: 'icon/locked-32.png', 48: 'icon/locked-48.png', 128: 'icon/locked-128.png' },
    },
    // Shortcuts (people can change them in the browser's extension settings). The popup's own
    // `_execute_action` needs no handler; the other discovers the selection like the menu item.
    commands: {
      _execute_action: { suggested_key: { default: 'Alt+Shift+C' }, description: '__MSG_manifest_command_open__' },
      'discover-selection': { suggested_key: { default: 'Alt+Shift+D' }, description: '__MSG_manifest_command_discover__' },
    },
    // No remote code, no eval: the MV3 default policy, stated so that nobody loosens it by accident.
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'self'",
    },
    // Firefox needs an id; Chrome would only warn about the unknown key.
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: { id: 'clm@chrono-library.invalid', data_collection_permissions: { required: ['none'] } },
      },
    }),
  }),
  hooks: {
    'build:done': (wxt) => {
      wxt.logger.info(describePopupSize(wxt.config.outDir, wxt.config.mode));
    },
  },
  vite: () => ({
    plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false })],
    build: { sourcemap: false },
  }),
});
