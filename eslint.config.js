// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Import patterns (as written in a file of that folder) that leave the layer. */
const anyDepth = (folder) => [`./${folder}/**`, `../${folder}/**`, `../../${folder}/**`, `../../../${folder}/**`, `../../../../${folder}/**`];
const ENTRYPOINTS = ['background', 'popup', 'compose', 'discover', 'import'];
const NODE_ONLY = [{ group: ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto'], message: 'Browser code: no Node module.' }];
const NODE_GLOBALS = ['Buffer', 'process', 'require', '__dirname', '__filename', 'global'].map((name) => ({
  name,
  message: 'Browser code: no Node global.',
}));

/** The layers, as lint errors: which folder may not import which. */
const layers = [
  {
    // lib/ is pure TypeScript: protocol, crypto, parsing, the vault. No browser API, no UI.
    files: ['lib/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...anyDepth('platform'), ...anyDepth('entrypoints'), ...anyDepth('components'), ...anyDepth('models')], message: 'lib/ is pure: it imports only lib/ and libraries.' },
            { group: ['wxt', 'wxt/*', 'webextension-polyfill', 'preact', 'preact/*', '@preact/*'], message: 'lib/ is pure: no browser or UI library.' },
            ...NODE_ONLY,
          ],
        },
      ],
      'no-restricted-globals': ['error', ...NODE_GLOBALS, { name: 'browser', message: 'lib/ is pure: no browser API.' }, { name: 'chrome', message: 'lib/ is pure: no browser API.' }],
    },
  },
  {
    // components/ render props: no browser API, no models, no storage records.
    files: ['components/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...anyDepth('platform'), ...anyDepth('entrypoints'), ...anyDepth('models'), ...anyDepth('lib/vault')], message: 'components/ take props and render: they import lib/ views and other components only.' },
            ...NODE_ONLY,
          ],
        },
      ],
      'no-restricted-globals': ['error', ...NODE_GLOBALS],
    },
  },
  {
    // models/ hold UI state and talk to the background through an injected Api.
    files: ['models/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: [...anyDepth('platform'), ...anyDepth('entrypoints'), ...anyDepth('components'), ...anyDepth('lib/vault')], message: 'models/ take an Api; they import lib/ and other models only.' }, ...NODE_ONLY] },
      ],
      'no-restricted-globals': ['error', ...NODE_GLOBALS],
    },
  },
  {
    files: ['platform/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: [...anyDepth('entrypoints'), ...anyDepth('components'), ...anyDepth('models')], message: 'platform/ wraps browser APIs for the others; it imports only lib/.' }, ...NODE_ONLY] }],
      'no-restricted-globals': ['error', ...NODE_GLOBALS],
    },
  },
  // No entrypoint imports another's folder: what two share lives in models/ or components/.
  ...ENTRYPOINTS.map((self) => ({
    files: [`entrypoints/${self}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ENTRYPOINTS.filter((e) => e !== self).flatMap((other) => [`../${other}/**`, `../../${other}/**`, `../../entrypoints/${other}/**`]), message: 'No entrypoint imports another entrypoint’s folder.' },
            ...NODE_ONLY,
          ],
        },
      ],
      'no-restricted-globals': ['error', ...NODE_GLOBALS],
    },
  })),
];

export default tseslint.config(
  { ignores: ['.output/', '.wxt/', 'node_modules/', 'test-results/', 'playwright-report/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js', 'public/*.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Numbers in template strings are the normal way to build messages and pointers.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Logging is allowed only as deliberate, reviewed error reports; plaintext must never reach one.
      'no-console': ['error', { allow: ['error', 'warn'] }],
      'no-eval': 'error',
      'no-implied-eval': 'off',
      '@typescript-eslint/no-implied-eval': 'error',
      'no-new-func': 'error',
      // Text is rendered as text: Preact escapes it. (Preact's own support for this prop is the
      // one innerHTML that `web-ext lint` warns about; our code never uses it.)
      'no-restricted-syntax': ['error', { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render text, never HTML.' }],
    },
  },
  ...layers,
  {
    // Tests, scripts and benchmarks print what they measure.
    files: ['tests/**', 'scripts/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Plain scripts shipped as they are (public/): browser globals, no type information.
    files: ['public/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { sourceType: 'script', globals: { chrome: 'readonly', globalThis: 'readonly' } },
  },
);
