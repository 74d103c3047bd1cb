/**
 * Figures measured through the built extension in a real Chromium: unlock (the slow KDF in the
 * background), and sending and discovering one message through the background.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { createPointer } from '../lib/clm/format.ts';
import { findChromium, QUIET_FLAGS } from '../scripts/chromium.ts';
import { full } from './mode.ts';

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 0);

export async function benchExtension(): Promise<void> {
  const executablePath = findChromium();
  if (!executablePath) {
    console.log('through the extension: skipped (no Chromium found; set CHROMIUM_PATH)');
    return;
  }
  const extension = resolve('.output/chrome-mv3');
  if (!existsSync(join(extension, 'manifest.json'))) {
    console.log('through the extension: skipped (no build in .output/chrome-mv3; `npm run bench` builds it first)');
    return;
  }
  const profile = mkdtempSync(join(tmpdir(), 'clm-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`, ...QUIET_FLAGS],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const id = new URL(worker.url()).host;
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/popup.html`);
    /** One request, timed from the page: what the popup waits for. */
    const timed = async (type: string, payload: object): Promise<number> =>
      page.evaluate(
        async ([t, p]) => {
          const started = performance.now();
          const reply = (await chrome.runtime.sendMessage({ type: t, payload: p })) as { ok: boolean; error?: { message: string } };
          if (!reply.ok) throw new Error(reply.error?.message);
          return performance.now() - started;
        },
        [type, payload] as const,
      );
    const phrase = 'correct horse battery staple';
    const setupMs = await timed('setupProfile', { username: 'bench', phrase, confirmPhrase: phrase, weakPhraseAccepted: true });
    const unlocks: number[] = [];
    for (let i = 0; i < full(5, 1); i++) {
      await timed('lock', {});
      unlocks.push(await timed('unlock', { phrase }));
    }
    console.log(
      `unlock through the background (scrypt N=2^16 r=8 p=1): median ${fmt(median(unlocks))} ms, best ${fmt(Math.min(...unlocks))} ms of ${unlocks.length}   (profile setup ${fmt(setupMs)} ms)`,
    );
    // The first WARM warm the JIT up; the median of the rest is what a person waits.
    const [WARM, TIMED] = full([10, 50], [1, 2]);
    const sends: number[] = [];
    for (let i = 0; i < WARM + TIMED; i++) sends.push(await timed('sendMessage', { chatId: '1', text: `bench message ${i} `.padEnd(80, '.') }));
    const discovers: number[] = [];
    for (let i = 0; i < WARM + TIMED; i++) {
      const pointer = createPointer({ phrase, username: 'carol', chatId: '2', seedSuffix: 'secrets', epoch: 1_700_000_000 + i, text: `reply ${i} `.padEnd(80, '.') });
      discovers.push(await timed('discoverPointer', { pointer }));
    }
    console.log(
      `send one message through the background: median ${fmt(median(sends.slice(WARM)))} ms   discover one pointer: median ${fmt(median(discovers.slice(WARM)))} ms   (of ${TIMED}, from an extension page)`,
    );
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
