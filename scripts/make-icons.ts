/**
 * Renders the toolbar icons from one SVG with Chromium (antialiased, exact sizes) into
 * public/icon/. Run by hand after changing the artwork: `node scripts/make-icons.ts`.
 * Two sets: the colour icon (unlocked) and a muted one with a small lock (locked).
 */
import { mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { QUIET_FLAGS, requireChromium } from './chromium.ts';

const SIZES = [16, 32, 48, 128];

function svg(locked: boolean): string {
  const [from, to] = locked ? ['#6b7280', '#4b5563'] : ['#4f46e5', '#7c3aed'];
  const lock = locked
    ? `<g transform="translate(76 70)"><rect x="0" y="20" width="44" height="34" rx="7" fill="#f59e0b" stroke="#1f2937" stroke-width="5"/>
       <path d="M10 22 v-8 a12 12 0 0 1 24 0 v8" fill="none" stroke="#1f2937" stroke-width="6"/></g>`
    : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>
  <rect x="4" y="4" width="120" height="120" rx="28" fill="url(#g)"/>
  <path d="M44 30 q-14 0 -14 14 v10 q0 10 -10 10 q10 0 10 10 v10 q0 14 14 14" fill="none" stroke="#fff" stroke-width="10" stroke-linecap="round" stroke-linejoin="round"/>
  <path d="M84 30 q14 0 14 14 v10 q0 10 10 10 q-10 0 -10 10 v10 q0 14 -14 14" fill="none" stroke="#fff" stroke-width="10" stroke-linecap="round" stroke-linejoin="round"/>
  <circle cx="64" cy="64" r="13" fill="none" stroke="#fff" stroke-width="7"/>
  <path d="M64 57 v8 l5 4" fill="none" stroke="#fff" stroke-width="5" stroke-linecap="round"/>
  ${lock}
</svg>`;
}

const browser = await chromium.launch({ executablePath: requireChromium(), args: QUIET_FLAGS });
const page = await browser.newPage();
mkdirSync('public/icon', { recursive: true });
for (const locked of [false, true]) {
  for (const size of SIZES) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${svg(locked).replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
    );
    const name = locked ? `public/icon/locked-${size}.png` : `public/icon/${size}.png`;
    await page.screenshot({ path: name, omitBackground: true });
    console.log('wrote', name);
  }
}
await browser.close();
