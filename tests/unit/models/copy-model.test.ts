import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { t } from '../../../lib/i18n/i18n.ts';
import { createCopyModel } from '../../../models/copy-model.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A clipboard that keeps what was written, or refuses while `refuse` is set. */
function clipboard() {
  const written: string[] = [];
  const state = { refuse: false };
  const writeText = (text: string) => {
    if (state.refuse) return Promise.reject(new DOMException('Document is not focused.', 'NotAllowedError'));
    written.push(text);
    return Promise.resolve();
  };
  return { written, state, writeText };
}

describe('the copy model', () => {
  it('writes the text, says “Copied” for that key, and the confirmation fades after its time', async () => {
    const board = clipboard();
    const copy = createCopyModel(board.writeText, 2000);
    await copy.copy('sent:5', 'CLM1:abc');
    expect(board.written).toEqual(['CLM1:abc']);
    expect(copy.copied.value).toBe('sent:5');
    expect(copy.error.value).toBeNull();
    vi.advanceTimersByTime(1999);
    expect(copy.copied.value).toBe('sent:5');
    vi.advanceTimersByTime(1);
    expect(copy.copied.value).toBeNull();
  });

  it('copying the same thing again shows the confirmation for the full time again', async () => {
    const copy = createCopyModel(clipboard().writeText, 2000);
    await copy.copy('invite:3', 'CLMCHAT1:x');
    vi.advanceTimersByTime(1500);
    await copy.copy('invite:3', 'CLMCHAT1:x');
    vi.advanceTimersByTime(1500);
    // 3 s after the first copy, 1.5 s after the second: still shown.
    expect(copy.copied.value).toBe('invite:3');
    vi.advanceTimersByTime(500);
    expect(copy.copied.value).toBeNull();
  });

  it('a second copy moves the confirmation; the first one’s time does not clear it', async () => {
    const copy = createCopyModel(clipboard().writeText, 2000);
    await copy.copy('message:1', 'one');
    vi.advanceTimersByTime(1000);
    await copy.copy('message:2', 'two');
    expect(copy.copied.value).toBe('message:2');
    vi.advanceTimersByTime(1000);
    expect(copy.copied.value).toBe('message:2');
    vi.advanceTimersByTime(1000);
    expect(copy.copied.value).toBeNull();
  });

  it('a refused copy says so and shows no confirmation; a later copy clears the error', async () => {
    const board = clipboard();
    const copy = createCopyModel(board.writeText);
    await copy.copy('message:1', 'one');
    board.state.refuse = true;
    await copy.copy('message:2', 'two');
    expect(copy.copied.value).toBeNull();
    expect(copy.error.value).toBe(t('error_copy'));
    expect(copy.error.value).toMatch(/did not allow copying/);
    expect(board.written).toEqual(['one']);
    board.state.refuse = false;
    await copy.copy('message:2', 'two');
    expect(copy.error.value).toBeNull();
    expect(copy.copied.value).toBe('message:2');
    // The default time is two seconds.
    vi.advanceTimersByTime(2000);
    expect(copy.copied.value).toBeNull();
  });
});
