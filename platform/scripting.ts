/**
 * The one place that runs code in a web page (`browser.scripting`, with the access `activeTab`
 * grants for the tab whose menu was clicked). Each function sends the page a small, fixed
 * function; nothing it sends carries a plaintext — at most a pointer, which is public.
 *
 * The functions run in the extension's isolated world of the frame: its globals are invisible to
 * the page, last as long as the document, and are gone in any other document. That is where
 * "Write a pointer here" keeps the field that was right-clicked.
 */
import { browser } from 'wxt/browser';

async function runInFrame<T, A extends (string | number)[]>(tabId: number, frameId: number, func: (...args: A) => T, args: A): Promise<T> {
  const results = await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, func, args });
  return results.at(0)?.result as T;
}

/**
 * The selected text, line breaks kept (the menu's own copy can be shortened by the browser). At
 * most `maxChars` + 1 characters cross over: a page cannot hand the worker a gigabyte.
 */
export function readSelection(tabId: number, frameId: number, maxChars: number): Promise<string> {
  return runInFrame(tabId, frameId, (max: number) => (globalThis.getSelection()?.toString() ?? '').slice(0, max + 1), [maxChars]);
}

/** The page's visible text, read once; at most `maxChars` + 1 characters of it. */
export function readVisibleText(tabId: number, frameId: number, maxChars: number): Promise<string> {
  return runInFrame(tabId, frameId, (max: number) => document.body.innerText.slice(0, max + 1), [maxChars]);
}

/**
 * Writes down, under `token`, the field the person right-clicked (it has the focus then) and
 * where its caret was. `false` when no text field has the focus.
 */
export function markComposeTarget(tabId: number, frameId: number, token: string): Promise<boolean> {
  return runInFrame(
    tabId,
    frameId,
    (t: string): boolean => {
      const el = document.activeElement;
      const isField =
        el instanceof HTMLTextAreaElement ||
        (el instanceof HTMLInputElement && ['text', 'search', 'url', 'email', ''].includes(el.type)) ||
        (el instanceof HTMLElement && el.isContentEditable);
      if (!el || !isField) return false;
      const selection = globalThis.getSelection();
      const range = selection && selection.rangeCount > 0 ? selection.getRangeAt(0).cloneRange() : null;
      (globalThis as unknown as { clmComposeTarget?: unknown }).clmComposeTarget = { token: t, el, range };
      return true;
    },
    [token],
  );
}

/**
 * Puts `text` into the field written down under `token` — that field, not whichever has the
 * focus now — at its caret, the way typing would: `insertText` fires the beforeinput/input events
 * that frameworks listen to. `changed` when that field is gone, or this is not the document the
 * menu was clicked in (the token lives only in that document's isolated world).
 */
export function insertIntoTarget(tabId: number, frameId: number, token: string, text: string): Promise<'inserted' | 'changed'> {
  return runInFrame(
    tabId,
    frameId,
    (t: string, value: string): 'inserted' | 'changed' => {
      const holder = globalThis as unknown as { clmComposeTarget?: { token: string; el: HTMLElement; range: Range | null } };
      const target = holder.clmComposeTarget;
      if (target?.token !== t) return 'changed';
      // Used once: whatever happens next, this document cannot be written into again by this job.
      delete holder.clmComposeTarget;
      const el = target.el;
      if (!el.isConnected) return 'changed';
      if (el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement) {
        // Straight into that field, wherever the focus is now: a page that moves the focus
        // (on blur, say) cannot send the pointer into another field.
        const start = el.selectionStart;
        // Fields without a caret API (type=email) take it at the end.
        if (start === null) el.value += value;
        else el.setRangeText(value, start, el.selectionEnd ?? start, 'end');
        el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: value }));
        return 'inserted';
      }
      // A rich editor: back to its caret, then typed in, so that the editor sees an input.
      el.focus();
      const selection = globalThis.getSelection();
      if (target.range) {
        selection?.removeAllRanges();
        selection?.addRange(target.range);
      }
      const before = el.textContent;
      if (document.activeElement !== el || !selection || selection.rangeCount === 0 || !el.contains(selection.getRangeAt(0).startContainer)) return 'changed';
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- still the only way to insert as if typed, with the undo stack and input events
      document.execCommand('insertText', false, value);
      if (el.textContent === before) return 'changed';
      return 'inserted';
    },
    [token, text],
  );
}
