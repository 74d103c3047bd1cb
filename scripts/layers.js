// @ts-check
/**
 * The layers of the code, defined once. Two tools read this table:
 * - dependency-cruiser (`.dependency-cruiser.mjs`, run by `npm run lint`) resolves every import
 *   as the bundler does — relative paths, the `@/` `~/` `@@/` `~~/` aliases of WXT's tsconfig,
 *   package names, type-only imports — so no spelling of a path gets past it;
 * - ESLint (`eslint.config.js`) turns the same rules into import patterns, so an editor shows a
 *   crossing as it is typed.
 * tests/unit/layers.test.ts proves that each rule refuses a probe import in relative and in alias
 * form, with both tools.
 */

/** Browser-API and UI packages, by the names an import may use. */
export const BROWSER_PACKAGES = ['wxt', '@wxt-dev', 'webextension-polyfill'];
export const UI_PACKAGES = ['preact', '@preact'];
/** Node's own modules: nothing shipped to the browser uses them. */
export const NODE_MODULES = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'buffer', 'stream', 'util', 'url', 'zlib'];

/** lib/'s domains that are formats: pure functions over bytes and text, below every service. */
export const FORMAT_DOMAINS = ['clm', 'sealed', 'contacts', 'invites', 'text', 'phrases', 'encoding'];
/** lib/'s services, which the formats never import. */
export const SERVICE_DOMAINS = ['wire', 'vault', 'jobs', 'storage', 'i18n'];
export const ENTRYPOINTS = ['background', 'popup', 'compose', 'discover', 'import'];

/**
 * @typedef {object} Layer
 * @property {string} name         rule name, as both tools report it
 * @property {string} from         folder (from the repo root) whose files the rule holds
 * @property {string[]} folders    folders those files may not import
 * @property {string[]} packages   packages they may not import
 * @property {string} why          the sentence a person sees
 */

/** @type {Layer[]} */
export const LAYERS = [
  {
    name: 'lib-is-pure',
    from: 'lib',
    folders: ['platform', 'entrypoints', 'components', 'models', 'tests'],
    packages: [...BROWSER_PACKAGES, ...UI_PACKAGES, ...NODE_MODULES],
    why: 'lib/ is pure: it imports only lib/ and libraries, no browser API, no UI, no Node.',
  },
  ...FORMAT_DOMAINS.map((domain) => ({
    name: `lib-${domain}-is-a-format`,
    from: `lib/${domain}`,
    folders: SERVICE_DOMAINS.map((s) => `lib/${s}`),
    packages: [],
    why: `lib/${domain}/ is a format: it imports no service (${SERVICE_DOMAINS.map((s) => `lib/${s}/`).join(', ')}).`,
  })),
  {
    name: 'wire-below-vault',
    from: 'lib/wire',
    folders: ['lib/vault', 'lib/jobs', 'lib/storage'],
    packages: [],
    why: 'lib/wire/ is the vocabulary the pages and the background share: it imports no service.',
  },
  {
    name: 'jobs-beside-vault',
    from: 'lib/jobs',
    folders: ['lib/vault'],
    packages: [],
    why: 'lib/jobs/ hands work between windows: it does not reach into the vault.',
  },
  {
    name: 'models-take-an-api',
    from: 'models',
    folders: ['platform', 'entrypoints', 'components', 'lib/vault', 'lib/storage', 'tests'],
    packages: [...BROWSER_PACKAGES, ...NODE_MODULES],
    why: 'models/ take an Api: they import lib/ and other models only — no browser API, no vault, no platform.',
  },
  {
    name: 'components-render-props',
    from: 'components',
    folders: ['platform', 'entrypoints', 'models', 'lib/vault', 'lib/storage', 'tests'],
    packages: [...BROWSER_PACKAGES, ...NODE_MODULES],
    why: 'components/ take props and render: no browser API, no models, no vault, no platform.',
  },
  {
    name: 'platform-wraps-the-browser',
    from: 'platform',
    folders: ['entrypoints', 'components', 'models', 'tests'],
    packages: NODE_MODULES,
    why: 'platform/ wraps browser APIs for the others: it imports only lib/ and browser libraries.',
  },
  ...ENTRYPOINTS.map((self) => ({
    name: `entrypoint-${self}-stands-alone`,
    from: `entrypoints/${self}`,
    folders: [...ENTRYPOINTS.filter((e) => e !== self).map((e) => `entrypoints/${e}`), 'tests'],
    packages: NODE_MODULES,
    why: 'No entrypoint imports another entrypoint’s folder: what two share lives in models/, components/ or platform/.',
  })),
];

/**
 * Each lib/ domain's public surface: the modules code outside the domain may import (paths inside
 * the folder). Everything else in the folder is the domain's own, and dependency-cruiser refuses an
 * import of it from outside (`lib-<domain>-surface`); tests and benchmarks may reach in, to test
 * the parts. A domain absent here is all surface.
 * @type {Record<string, string[]>}
 */
export const PUBLIC_MODULES = {
  clm: ['database.ts', 'errors.ts', 'format.ts', 'limits.ts'],
  text: ['extract.ts'],
  vault: ['vault.ts', 'errors.ts', 'history/store.ts'],
};

/** Folders that may import any module of a domain (they test or measure its parts). */
export const SURFACE_EXEMPT = ['tests', 'bench', 'scripts'];

/** The spellings of a root-relative folder under WXT's tsconfig aliases. */
export const ALIASES = ['@/', '~/', '@@/', '~~/'];

/** What each folder of lib/ is, for the layout table in CONTRIBUTING.md (scripts/lib-layout.ts). */
export const LIB_FOLDERS = {
  clm: 'CLM 2.0.1 byte for byte: pointers, public key, chat rules, the HMAC-DRBG keystream and its SHA-256, Python’s JSON, reading `clm.db` (PROTOCOL §1)',
  sealed: 'sealed pointers, version 1 (chat and time in the clear) and version 2 (nothing in the clear) (PROTOCOL §2, §7)',
  invites: 'chat invites, versions 1 and 2 (PROTOCOL §3)',
  contacts: 'identity keys, contact cards, key agreement and the safety number (PROTOCOL §6)',
  text: 'finding pointers in text as pages mangle it: normalising, a linear scanner, field readers',
  phrases: 'how strong a phrase is; random phrases (loaded on demand: the word list is heavy)',
  encoding: 'bytes and text: base64, base32, hex, UTF-8, Python’s `str` rules',
  wire: 'the popup↔background protocol: one typed request map, views, limits, validation, reply error codes, who may ask',
  vault: 'the vault: profile, lock, chats, contacts, messages, import, backup, sealed history (`history/`)',
  jobs: 'work handed from a context-menu click to the window that shows it',
  storage: 'the key-value store interface the vault and jobs see, and the serial queue',
  i18n: 'every word a person reads, through the browser’s catalogs',
};
