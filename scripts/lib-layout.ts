/**
 * The layout table of lib/ in CONTRIBUTING.md, made from the tree: one row per folder, with what
 * it is (scripts/layers.js) and its files, its public surface in bold (PUBLIC_MODULES). `node scripts/lib-layout.ts` prints it;
 * tests/unit/layers.test.ts checks that CONTRIBUTING.md holds exactly this table.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LIB_FOLDERS, PUBLIC_MODULES } from './layers.js';

export function libLayoutTable(root = '.'): string {
  const lib = join(root, 'lib');
  const folders = readdirSync(lib, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const rows = folders.map((folder) => {
    const what = (LIB_FOLDERS as Record<string, string | undefined>)[folder] ?? '(undescribed: add it to LIB_FOLDERS in scripts/layers.js)';
    const files = readdirSync(join(lib, folder), { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f)).sort();
    const surface = (PUBLIC_MODULES as Record<string, string[] | undefined>)[folder];
    const list = (names: readonly string[]) => names.map((f) => `\`${f}\``).join(', ');
    const cell = surface ? `**${list(files.filter((f) => surface.includes(f)))}**; its own: ${list(files.filter((f) => !surface.includes(f)))}` : `**${list(files)}**`;
    return `| \`lib/${folder}/\` | ${what} | ${cell} |`;
  });
  const top = readdirSync(lib).filter((f) => /\.tsx?$/.test(f)).sort();
  return ['| folder | what it is | public modules (**bold**), and the domain’s own |', '| --- | --- | --- |', ...rows, `| \`lib/\` | the one error base every domain’s errors extend | ${top.map((f) => `\`${f}\``).join(', ')} |`].join('\n');
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) console.log(libLayoutTable());
