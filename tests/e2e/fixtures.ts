/**
 * The Playwright fixture for the whole project: a real Chromium with the built extension loaded
 * in a fresh profile, its id, page objects, and the browser events tests need to cause on purpose
 * (stopping the service worker as Chrome does after idle, restarting the browser).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, expect, test as base, type Worker } from '@playwright/test';
import { QUIET_FLAGS, requireChromium } from '../../scripts/chromium.ts';
import { PopupPage } from './pages/popup-page.ts';

export const EXTENSION_PATH = resolve('.output/chrome-mv3');
/**
 * The same code built with `--mode e2e`: it adds test hooks (entrypoints/background/test-hooks.ts)
 * that let a test stop the worker between two given writes, and count history reads. Only the
 * tests that need a hook use it; everything else runs on the build as shipped.
 */
export const E2E_BUILD_PATH = resolve('.output/chrome-mv3-e2e');

export interface ExtensionSession {
  readonly context: BrowserContext;
  readonly extensionId: string;
  /** The profile directory, kept across {@link ExtensionSession.restartBrowser}. */
  readonly userDataDir: string;
  /** The running service worker (waits for one if Chrome has not started it yet). */
  serviceWorker(): Promise<Worker>;
  /** Opens the popup's page in a tab, as a page object. */
  openPopup(): Promise<PopupPage>;
  /** Stops the extension's service worker the way Chrome does after ~30 s idle. */
  stopServiceWorker(): Promise<void>;
  /** Closes the browser and launches it again on the same profile. */
  restartBrowser(): Promise<void>;
}

/**
 * The browser's interface language, which picks the extension's catalog (`_locales`). Pinned, so
 * that the English tests do not follow the machine's locale. Chromium on Linux reads it from
 * `LANGUAGE` and ignores `--lang`; other platforms read `--lang`. Both are given.
 */
export const DEFAULT_LANG = 'en-US';

/** The process environment with only the interface language changed. */
function languageEnv(lang: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'LC_ALL' && k !== 'LC_MESSAGES') env[k] = v;
  const posix = lang.replace('-', '_');
  return { ...env, LANGUAGE: posix, LANG: `${posix}.UTF-8` };
}

async function launch(userDataDir: string, extensionPath: string, lang: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: requireChromium(),
    headless: true,
    locale: lang,
    env: languageEnv(lang),
    args: [`--disable-extensions-except=${extensionPath}`, `--load-extension=${extensionPath}`, `--lang=${lang}`, ...QUIET_FLAGS],
  });
}

/**
 * A copy of the built extension that may also script pages on 127.0.0.1.
 *
 * Why: "Find pointers on this page" and "Write a pointer here" run in the clicked tab with the
 * access `activeTab` grants, and only a real menu click grants it — which Playwright cannot make
 * (the menu is native). This copy stands in for that one grant with a host permission for the
 * test server; the code is the shipped code, byte for byte. Everything else runs on the build
 * as shipped.
 */
function extensionWithTestHostAccess(dir: string, build: string): string {
  const copy = join(dir, 'extension-with-host-access');
  cpSync(build, copy, { recursive: true });
  const manifestPath = join(copy, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
  manifest.host_permissions = ['http://127.0.0.1/*'];
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return copy;
}

async function firstServiceWorker(context: BrowserContext): Promise<Worker> {
  const running = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  return running ?? context.waitForEvent('serviceworker', { timeout: 15_000 });
}

interface WorkerVersion {
  versionId: string;
  scriptURL: string;
  runningStatus: string;
}

/**
 * Stops the extension's worker through the DevTools protocol (`ServiceWorker.stopWorker`): its
 * globals are lost, `storage.session` survives — exactly an idle stop.
 *
 * The DevTools session stays open for the browser's lifetime: disabling the ServiceWorker domain
 * or detaching after a stop makes Playwright lose the worker target, and the next worker start
 * then hangs (seen with Playwright 1.65 and Chromium 156).
 */
class WorkerStopper {
  private readonly versions = new Map<string, WorkerVersion>();
  private ready: Promise<void> | undefined;
  private readonly context: BrowserContext;
  private readonly extensionId: string;

  constructor(context: BrowserContext, extensionId: string) {
    this.context = context;
    this.extensionId = extensionId;
  }

  private ours(): WorkerVersion[] {
    return [...this.versions.values()].filter((v) => v.scriptURL.startsWith(`chrome-extension://${this.extensionId}/`));
  }

  private attach(): Promise<void> {
    this.ready ??= (async () => {
      const page = await this.context.newPage();
      await page.goto('about:blank');
      const cdp = await this.context.newCDPSession(page);
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }: { versions: WorkerVersion[] }) => {
        for (const v of versions) this.versions.set(v.versionId, v);
      });
      await cdp.send('ServiceWorker.enable');
      this.stop = async () => {
        await expect.poll(() => this.ours().some((v) => v.runningStatus === 'running')).toBe(true);
        for (const v of this.ours()) {
          if (v.runningStatus === 'running') await cdp.send('ServiceWorker.stopWorker', { versionId: v.versionId });
        }
        await expect.poll(() => this.ours().every((v) => v.runningStatus === 'stopped')).toBe(true);
      };
    })();
    return this.ready;
  }

  private stop: () => Promise<void> = () => Promise.reject(new Error('not attached'));

  async stopWorker(): Promise<void> {
    await this.attach();
    await this.stop();
  }
}

/**
 * Launches Chromium with the extension in a fresh profile of its own. The `extension` fixture
 * makes one per test; tests of two people (Alice and Bob) make a second one and close it. `lang`
 * is the browser's interface language ({@link DEFAULT_LANG} unless a test asks for another).
 */
export async function openExtensionSession(options: { testHostAccess?: boolean; testHooks?: boolean; lang?: string } = {}): Promise<ExtensionSession & { close(): Promise<void> }> {
  const workDir = mkdtempSync(join(tmpdir(), 'clm-e2e-'));
  const userDataDir = join(workDir, 'profile');
  const build = options.testHooks ? E2E_BUILD_PATH : EXTENSION_PATH;
  const extensionPath = options.testHostAccess ? extensionWithTestHostAccess(workDir, build) : build;
  const lang = options.lang ?? DEFAULT_LANG;
  let context = await launch(userDataDir, extensionPath, lang);
  const extensionId = new URL((await firstServiceWorker(context)).url()).host;
  let stopper = new WorkerStopper(context, extensionId);
  return {
    get context() {
      return context;
    },
    extensionId,
    userDataDir,
    serviceWorker: () => firstServiceWorker(context),
    async openPopup() {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/popup.html`);
      return new PopupPage(page);
    },
    stopServiceWorker: () => stopper.stopWorker(),
    async restartBrowser() {
      await context.close();
      context = await launch(userDataDir, extensionPath, lang);
      stopper = new WorkerStopper(context, extensionId);
      await firstServiceWorker(context);
    },
    async close() {
      await context.close();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<{ extension: ExtensionSession; testHostAccess: boolean; testHooks: boolean }>({
  /** Set with `test.use({ testHostAccess: true })` for the tests that script a page (see above). */
  testHostAccess: [false, { option: true }],
  /** Set with `test.use({ testHooks: true })` for the tests that need the e2e build (see above). */
  testHooks: [false, { option: true }],
  extension: async ({ testHostAccess, testHooks }, use) => {
    const session = await openExtensionSession({ testHostAccess, testHooks });
    await use(session);
    await session.close();
  },
});

export { expect };

/**
 * On the test build (`testHooks`): stands the vault's clock still at `ms` (`null`: the real clock
 * again). Every send then happens at that instant, however long the steps between take. It is
 * the running worker's: a worker that stops starts again on the real clock.
 */
export async function setVaultClock(extension: ExtensionSession, ms: number | null): Promise<void> {
  const worker = await extension.serviceWorker();
  await worker.evaluate((value) => {
    (globalThis as unknown as { clmTestHooks: { clockMs: number | null } }).clmTestHooks.clockMs = value;
  }, ms);
}
