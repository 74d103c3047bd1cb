/**
 * The one place that runs code in a web page (`browser.scripting`, with the access `activeTab`
 * grants for the tab whose menu was clicked). Each function sends the page a small, fixed
 * function; nothing it sends carries a plaintext — at most a pointer, which is public.
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
 * Puts `text` at the caret of the page's focused field (replacing its selection), the way typing
 * would: `insertText` fires the beforeinput/input events that frameworks listen to.
 */
export function insertAtCaret(tabId: number, frameId: number, text: string): Promise<'inserted' | 'no-field'> {
  return runInFrame(
    tabId,
    frameId,
    (value: string): 'inserted' | 'no-field' => {
      const el = document.activeElement;
      const isTextField =
        el instanceof HTMLTextAreaElement ||
        (el instanceof HTMLInputElement && ['text', 'search', 'url', 'email', ''].includes(el.type));
      const isEditable = el instanceof HTMLElement && el.isContentEditable;
      // The field keeps its caret and selection while our window has the focus: no focus()
      // call here, which would move the caret of a contenteditable to its start.
      if (!el || (!isTextField && !isEditable)) return 'no-field';
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- still the only way to insert as if typed, with the undo stack and input events
      if (document.execCommand('insertText', false, value)) return 'inserted';
      if (el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement) {
        const start = el.selectionStart ?? el.value.length;
        el.setRangeText(value, start, el.selectionEnd ?? start, 'end');
      } else {
        const selection = globalThis.getSelection();
        const range = selection && selection.rangeCount > 0 ? selection.getRangeAt(0) : null;
        if (!range) return 'no-field';
        range.deleteContents();
        range.insertNode(document.createTextNode(value));
        range.collapse(false);
      }
      el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: value }));
      return 'inserted';
    },
    [text],
  );
}
