/**
 * A web page served on 127.0.0.1 by the test, with a recorder installed before anything else:
 * every DOM mutation, every input event and the final DOM are kept, so a test can prove that
 * nothing the extension decrypted ever reached the page.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';

const RECORDER = `
<script>
  window.__seen = [];
  const note = (s) => { if (s) window.__seen.push(String(s)); };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'characterData') note(r.target.data);
      if (r.type === 'attributes') note(r.target.getAttribute(r.attributeName));
      for (const n of r.addedNodes) note(n.textContent);
    }
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  for (const type of ['input', 'beforeinput', 'change', 'paste', 'keydown']) {
    document.addEventListener(type, (e) => {
      window.__seen.push('event:' + type);
      note(e.data);
      note(e.target && ('value' in e.target ? e.target.value : e.target.textContent));
    }, true);
  }
</script>`;

export interface TestSite {
  readonly origin: string;
  /** Serves `body` (HTML) at `path`, with the recorder. */
  page(path: string, title: string, body: string): string;
  close(): Promise<void>;
}

export async function startTestSite(): Promise<TestSite> {
  const pages = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const html = pages.get(req.url ?? '');
    res.statusCode = html ? 200 : 404;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    page(path, title, body) {
      pages.set(path, `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${RECORDER}</head><body>${body}</body></html>`);
      return `${origin}${path}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** Everything the page could have seen: its recorder's log, its DOM, its fields' values. */
export async function whatThePageSaw(page: Page): Promise<string> {
  return page.evaluate(() => {
    const w = window as unknown as { __seen: string[] };
    const fields = [...document.querySelectorAll('input, textarea')].map((f) => (f as HTMLInputElement).value);
    return [...w.__seen, document.documentElement.outerHTML, ...fields].join('\n');
  });
}
