/**
 * Finds a Chromium that accepts --load-extension: $CHROMIUM_PATH, else the usual places.
 * Branded Google Chrome 137+ ignores --load-extension, so it is never picked.
 */
import { accessSync, constants } from 'node:fs';

const CANDIDATES = [
  // Debian/Ubuntu's package; the wrapper /usr/bin/chromium prints a harmless shell warning.
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/lib64/chromium-browser/chromium-browser',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export const INSTALL_HINT = [
  'No Chromium found. Install one, or point CHROMIUM_PATH at it:',
  '  Debian/Ubuntu:  sudo apt-get install -y chromium',
  '  Fedora:         sudo dnf install -y chromium',
  '  macOS:          brew install --cask chromium',
  'Google Chrome 137+ will not do: it ignores --load-extension, so the tests cannot load the extension.',
].join('\n');

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium executable to use, or undefined when none is found. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} is not an executable file.\n${INSTALL_HINT}`);
    return fromEnv;
  }
  return CANDIDATES.find(isExecutable);
}

/** Like {@link findChromium}, but throws with install instructions when there is none. */
export function requireChromium(): string {
  const path = findChromium();
  if (!path) throw new Error(INSTALL_HINT);
  return path;
}

/**
 * Flags that make Chromium quiet and deterministic on a machine without general network access;
 * without them it keeps trying to reach Google's services.
 */
export const QUIET_FLAGS = [
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-default-apps',
];
