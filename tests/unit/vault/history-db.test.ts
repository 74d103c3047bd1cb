import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { indexedDbHistory } from '../../../platform/history-db.ts';

describe('the IndexedDB history store (through fake-indexeddb)', () => {
  it('keeps bytes as bytes, writes all or nothing, lists and clears', async () => {
    const store = indexedDbHistory(`test-${Math.random()}`);
    expect(store.stats.opens).toBe(0);
    await store.write(new Map([['a', new Uint8Array([1, 2])], ['b', new Uint8Array([3])]]));
    expect(store.stats.opens).toBe(1);
    expect(await store.get(['a', 'b', 'c'])).toEqual(new Map([['a', new Uint8Array([1, 2])], ['b', new Uint8Array([3])]]));
    await store.write(new Map([['c', new Uint8Array([4])]]), ['a']);
    expect((await store.keys()).sort()).toEqual(['b', 'c']);
    // A write that fails part-way (a value IndexedDB cannot clone) changes nothing.
    await expect(store.write(new Map<string, Uint8Array>([['d', new Uint8Array([5])], ['e', (() => undefined) as unknown as Uint8Array]]), ['b'])).rejects.toBeDefined();
    expect((await store.keys()).sort()).toEqual(['b', 'c']);
    await store.clear();
    expect(await store.keys()).toEqual([]);
  });
});
