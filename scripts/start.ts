/**
 * `npm start`: after `wxt build`, launches Chromium with the extension loaded in a fresh,
 * throw-away profile. Without a display it says where the built extension is and how to load it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findChromium, INSTALL_HINT, QUIET_FLAGS } from './chromium.ts';

const extension = resolve('.output/chrome-mv3');
const loadUnpacked = [
  `The extension is built in:\n  ${extension}`,
  'To use it in a browser: open chrome://extensions, switch on "Developer mode",',
  'click "Load unpacked" and choose that folder.',
].join('\n');

const hasDisplay =
  process.platform === 'darwin' || process.platform === 'win32' || Boolean(process.env.DISPLAY ?? process.env.WAYLAND_DISPLAY);
if (!hasDisplay) {
  console.log(`No display found (DISPLAY and WAYLAND_DISPLAY are unset), so no browser was started.\n${loadUnpacked}`);
  process.exit(0);
}

let chromium: string | undefined;
try {
  chromium = findChromium();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
if (!chromium) {
  console.error(`${INSTALL_HINT}\n\n${loadUnpacked}`);
  process.exit(1);
}

const profile = mkdtempSync(join(tmpdir(), 'clm-profile-'));
const args = [
  `--user-data-dir=${profile}`,
  `--disable-extensions-except=${extension}`,
  `--load-extension=${extension}`,
  ...QUIET_FLAGS,
  // Chromium refuses to run as root with its sandbox on.
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  // Chromium's own error chatter (D-Bus, GPU) is not ours to show.
  '--log-level=3',
];
console.log(`Starting ${chromium} with a fresh profile (${profile}).`);
console.log('Open the extension from the puzzle-piece menu in the toolbar (pin it to keep it there).');
const child = spawn(chromium, args, { stdio: 'inherit' });
const cleanUp = () => {
  rmSync(profile, { recursive: true, force: true });
};
child.on('exit', (code) => {
  cleanUp();
  process.exit(code ?? 0);
});
child.on('error', (error) => {
  cleanUp();
  console.error(`Could not start ${chromium}: ${error.message}`);
  process.exit(1);
});
