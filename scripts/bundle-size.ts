/**
 * The popup's JavaScript budget: every script popup.html loads, with the chunks they import,
 * gzip-compressed. Printed after each build (wxt.config.ts) and by `npm run bench`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const POPUP_JS_BUDGET_BYTES = 40 * 1024;

/** Gzipped bytes of the JavaScript `page` (e.g. popup.html) loads, and the files counted. */
export function pageScriptSize(outDir: string, page: string): { gzipBytes: number; files: string[] } {
  const html = readFileSync(join(outDir, page), 'utf8');
  const queue = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => join(outDir, m[1]));
  const seen = new Set<string>();
  let gzipBytes = 0;
  while (queue.length > 0) {
    const file = resolve(String(queue.shift()));
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(file);
    gzipBytes += gzipSync(code, { level: 9 }).length;
    for (const m of code.toString('utf8').matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+\.js)"/g)) {
      queue.push(join(dirname(file), m[1]));
    }
  }
  return { gzipBytes, files: [...seen] };
}

/**
 * The line printed after a build. The budget is for the popup that ships (the production build,
 * which `npm run test:size` checks and fails above it); a test build (`--mode e2e`) is not what
 * ships, so its figure is printed without a verdict.
 */
export function describePopupSize(outDir: string, mode = 'production'): string {
  const { gzipBytes, files } = pageScriptSize(outDir, 'popup.html');
  const kb = (gzipBytes / 1024).toFixed(1);
  if (mode !== 'production') return `popup JavaScript: ${kb} kB gzip in ${files.length} files (built in mode "${mode}", not the shipped popup: the ${POPUP_JS_BUDGET_BYTES / 1024} kB budget is checked on the production build)`;
  const verdict = gzipBytes <= POPUP_JS_BUDGET_BYTES ? 'within' : 'OVER';
  return `popup JavaScript: ${kb} kB gzip in ${files.length} files (${verdict} the ${POPUP_JS_BUDGET_BYTES / 1024} kB budget)`;
}
