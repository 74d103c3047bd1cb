// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

import path from 'node:path';
import { ALIASES, LAYERS } from './scripts/layers.js';

/**
 * The layers of scripts/layers.js as import patterns, so an editor shows a crossing as it is
 * typed: each forbidden folder as written from any depth below the layer's folder, from the root
 * upwards, and in every WXT alias form. dependency-cruiser (`npm run lint`) checks the same table
 * on the resolved graph; tests/unit/layers.test.ts probes both.
 */
/** @param {string} from @param {string} folder @returns {string[]} */
const spellings = (from, folder) => {
  const written = new Set(ALIASES.map((alias) => `${alias}${folder}`));
  for (let depth = 0; depth <= 4; depth++) {
    const here = path.posix.join(from, ...Array.from({ length: depth }, (_, i) => `d${i}`));
    const rel = path.posix.relative(here, folder);
    written.add(rel.startsWith('.') ? rel : `./${rel}`);
    written.add(`${'../'.repeat(here.split('/').length)}${folder}`);
  }
  return [...written].flatMap((w) => [w, `${w}/**`]);
};
const NODE_GLOBALS = ['Buffer', 'process', 'require', '__dirname', '__filename', 'global'].map((name) => ({
  name,
  message: 'Browser code: no Node global.',
}));
/**
 * One config per layer. A file in lib/wire/ is held by `lib` and by `lib/wire`; flat config lets
 * the later config's rule options replace the earlier's, so each carries the patterns of every
 * layer whose folder holds its own.
 */
/** @type {import('eslint').Linter.Config[]} */
export const layerConfigs = LAYERS.map((layer) => {
  const holding = LAYERS.filter((outer) => layer.from === outer.from || layer.from.startsWith(`${outer.from}/`));
  return {
    files: [`${layer.from}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: holding.flatMap((outer) => [
            ...(outer.folders.length > 0 ? [{ group: outer.folders.flatMap((folder) => spellings(layer.from, folder)), message: outer.why }] : []),
            ...(outer.packages.length > 0 ? [{ group: outer.packages.flatMap((p) => (p.endsWith('*') ? [p] : [p, `${p}/**`])), message: outer.why }] : []),
          ]),
        },
      ],
      'no-restricted-globals': ['error', ...NODE_GLOBALS, ...(layer.from.startsWith('lib') ? ['browser', 'chrome'].map((name) => ({ name, message: layer.why })) : [])],
    },
  };
});

export default tseslint.config(
  { ignores: ['.output/', '.wxt/', 'node_modules/', 'test-results/', 'playwright-report/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js', '.dependency-cruiser.mjs', '.size-limit.js', 'scripts/layers.js', 'public/*.js'] }, tsconfigRootDir: import.meta.dirname },
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
  ...layerConfigs,
  {
    // Tests, scripts and benchmarks print what they measure.
    files: ['tests/**', 'scripts/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['eslint.config.js', '.dependency-cruiser.mjs', '.size-limit.js', 'scripts/layers.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Plain scripts shipped as they are (public/): browser globals, no type information.
    files: ['public/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { sourceType: 'script', globals: { chrome: 'readonly', globalThis: 'readonly' } },
  },
);
