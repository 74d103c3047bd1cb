// @ts-check
/**
 * dependency-cruiser: the layers of scripts/layers.js, checked on the resolved import graph
 * (aliases, package names and type-only imports included), plus no cycles. `npm run lint` runs it.
 * @type {import('dependency-cruiser').IConfiguration}
 */
import { LAYERS, PUBLIC_MODULES, SURFACE_EXEMPT } from './scripts/layers.js';

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const folderPath = (folder) => `^${escape(folder)}/`;
/** A package by name, as resolved: in node_modules, or a Node core module. */
const packagePath = (name) => (name.endsWith('*') ? `^${escape(name.slice(0, -1))}` : `(^|/)node_modules/${escape(name)}(/|$)|^${escape(name)}$`);

export default {
  forbidden: [
    ...LAYERS.map((layer) => ({
      name: layer.name,
      severity: 'error',
      comment: layer.why,
      from: { path: folderPath(layer.from) },
      to: {
        path: [...layer.folders.map(folderPath), ...layer.packages.map(packagePath)],
      },
    })),
    ...Object.entries(PUBLIC_MODULES).map(([domain, surface]) => ({
      name: `lib-${domain}-surface`,
      severity: 'error',
      comment: `Outside lib/${domain}/, import only its public modules (${surface.join(', ')}): the rest is the domain's own.`,
      from: { pathNot: [folderPath(`lib/${domain}`), ...SURFACE_EXEMPT.map(folderPath)] },
      to: { path: folderPath(`lib/${domain}`), pathNot: `^lib/${escape(domain)}/(${surface.map(escape).join('|')})$` },
    })),
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes load order matter and layers meaningless.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve cannot be checked.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    tsConfig: { fileName: '.wxt/tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    // Not `exclude` for node_modules: that would drop the imports of packages, which rules judge.
    exclude: { path: '^(\\.output|\\.wxt|\\.scratch|test-results)/' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types'],
    },
    moduleSystems: ['es6'],
  },
};
