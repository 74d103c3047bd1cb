/**
 * Every layer rule of scripts/layers.js refuses a probe import — in relative form and in each
 * alias form, and for the packages it names — with both tools that enforce it: ESLint (as an
 * editor shows it) and dependency-cruiser (on the resolved graph, as `npm run lint` runs it).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layerConfigs } from '../../eslint.config.js';
import { ALIASES, LAYERS, PUBLIC_MODULES } from '../../scripts/layers.js';
import { libLayoutTable } from '../../scripts/lib-layout.ts';

interface Probe {
  readonly layer: string;
  readonly file: string;
  readonly specifier: string;
}

/** A real module in `folder`, so that the probe resolves. */
function moduleIn(folder: string): string {
  const files = readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts') && !f.includes('zz-layer-probe'))
    .sort();
  if (files.length === 0) throw new Error(`no module in ${folder}`);
  return join(folder, files[0]);
}

const probes: Probe[] = LAYERS.flatMap((layer, i) => {
  const target = moduleIn(layer.folders[0] ?? '');
  const base = `${layer.from}/zz-layer-probe-${i}`;
  const rel = relative(layer.from, target);
  const specifiers = [rel.startsWith('.') ? rel : `./${rel}`, ...ALIASES.map((a) => `${a}${target}`), ...layer.packages.filter((p) => p === 'wxt' || p === 'node:*').map((p) => (p === 'wxt' ? 'wxt/browser' : 'node:fs'))];
  return specifiers.map((specifier, j) => ({ layer: layer.name, file: `${base}-${j}.ts`, specifier }));
});

/** A folder inside another layer's folder is held by both: lib/wire/ may not import platform/ either. */
const nested: Probe[] = LAYERS.flatMap((inner, i) =>
  LAYERS.filter((outer) => inner.from.startsWith(`${outer.from}/`)).map((outer) => {
    const rel = relative(inner.from, moduleIn(outer.folders[0] ?? ''));
    return { layer: outer.name, file: `${inner.from}/zz-layer-probe-${i}-outer.ts`, specifier: rel.startsWith('.') ? rel : `./${rel}` };
  }),
);
probes.push(...nested);

/**
 * A domain's own module imported from outside it, from platform/ (which may import any of lib/'s
 * surface, so only the surface rule is at stake), in relative and alias form. dependency-cruiser
 * alone holds these rules: ESLint's import patterns cannot say "this folder except these files".
 */
const surfaceProbes: Probe[] = Object.entries(PUBLIC_MODULES).flatMap(([domain, surface], i) => {
  const own = readdirSync(`lib/${domain}`, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts') && !surface.includes(f))
    .sort()
    .at(0);
  if (own === undefined) throw new Error(`lib/${domain}/ has no module of its own: drop it from PUBLIC_MODULES`);
  const target = `lib/${domain}/${own}`;
  return [`../${target}`, ...ALIASES.map((a) => `${a}${target}`)].map((specifier, j) => ({ layer: `lib-${domain}-surface`, file: `platform/zz-surface-probe-${i}-${j}.ts`, specifier }));
});
/** The surface itself, from the same place: no rule fires. */
const surfaceAllowed: Probe[] = Object.entries(PUBLIC_MODULES).map(([domain, surface], i) => ({ layer: '', file: `platform/zz-surface-ok-${i}.ts`, specifier: `../lib/${domain}/${surface[0] ?? ''}` }));

const source = (p: Probe) => `import * as probe from '${p.specifier}';\nexport const used = probe;\n`;

describe('the layer rules', () => {
  let violations: { from: string; to: string; rule: string }[] = [];

  beforeAll(() => {
    for (const p of [...probes, ...surfaceProbes, ...surfaceAllowed]) writeFileSync(p.file, source(p));
    let out: string;
    try {
      out = execFileSync('npx', ['depcruise', '--config', '.dependency-cruiser.mjs', '-T', 'json', ...[...probes, ...surfaceProbes, ...surfaceAllowed].map((p) => p.file)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
      // Violations make depcruise exit non-zero; its JSON is still on stdout.
      out = String((error as { stdout?: unknown }).stdout);
    }
    const result = JSON.parse(out) as { summary: { violations: { from: string; to: string; rule: { name: string } }[] } };
    violations = result.summary.violations.map((v) => ({ from: v.from, to: v.to, rule: v.rule.name }));
  }, 120_000);

  afterAll(() => {
    for (const p of [...probes, ...surfaceProbes, ...surfaceAllowed]) rmSync(p.file, { force: true });
  });

  it('has a probe for every layer, in relative and every alias form', () => {
    expect(new Set(probes.map((p) => p.layer))).toEqual(new Set(LAYERS.map((l) => l.name)));
    expect(probes.length).toBeGreaterThanOrEqual(LAYERS.length * (1 + ALIASES.length));
    expect(nested.length).toBeGreaterThan(0);
  });

  it.each(probes)('dependency-cruiser refuses $specifier in $file ($layer)', (p) => {
    expect(violations.filter((v) => v.from === p.file).map((v) => v.rule)).toContain(p.layer);
  });

  it('has a surface probe for every domain with modules of its own, in relative and every alias form', () => {
    expect(new Set(surfaceProbes.map((p) => p.layer))).toEqual(new Set(Object.keys(PUBLIC_MODULES).map((d) => `lib-${d}-surface`)));
    expect(surfaceProbes).toHaveLength(Object.keys(PUBLIC_MODULES).length * (1 + ALIASES.length));
  });

  it.each(surfaceProbes)('dependency-cruiser refuses $specifier in $file ($layer)', (p) => {
    expect(violations.filter((v) => v.from === p.file).map((v) => v.rule)).toEqual([p.layer]);
  });

  it.each(surfaceAllowed)('a domain’s public module, $specifier, may be imported from outside it', (p) => {
    expect(violations.filter((v) => v.from === p.file)).toEqual([]);
  });

  const eslint = new ESLint({
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...layerConfigs],
  });

  it.each(probes)('ESLint refuses $specifier in $file ($layer)', async (p) => {
    const [result] = await eslint.lintText(source(p), { filePath: p.file });
    expect(result.messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
  });

  it('a permitted import passes both', async () => {
    const [result] = await eslint.lintText(`import { LibError } from '../errors.ts';\nexport const used = LibError;\n`, { filePath: 'lib/wire/zz-ok.ts' });
    expect(result.messages).toEqual([]);
  });
});

describe('the layout table in CONTRIBUTING.md', () => {
  it('is the one scripts/lib-layout.ts makes from the tree', () => {
    const text = readFileSync('CONTRIBUTING.md', 'utf8');
    const table = /<!-- lib-layout:start -->\n([\s\S]*?)\n<!-- lib-layout:end -->/.exec(text)?.[1];
    expect(table).toBe(libLayoutTable());
  });
});
