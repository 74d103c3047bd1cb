import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VaultError } from '../../../lib/vault/errors.ts';
import { CodecError, Reader, Writer } from '../../../lib/vault/history/codec.ts';
import { History, type HistoryKeys, type NewMessage } from '../../../lib/vault/history/history.ts';
import {
  BUCKET_SIZE,
  chatTag,
  decodeBucket,
  encodeBucket,
  openRecord,
  recordGeneration,
  sealRecord,
  type StoredMessage,
} from '../../../lib/vault/history/records.ts';
import { MemoryHistoryStore } from '../../support/memory-stores.ts';

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const key1 = new Uint8Array(32).fill(1);
const key2 = new Uint8Array(32).fill(2);
const keys = (current = 1): HistoryKeys => ({ keys: new Map([[1, key1], [2, key2]]), current, indexKey: new Uint8Array(32).fill(9) });

function message(i: number, extra: Partial<NewMessage> = {}): NewMessage {
  return {
    kind: i % 2 ? 'received' : 'sent',
    epoch: 1_760_000_000 + i,
    savedAt: 1_760_000_000_000 + i,
    trashedAt: null,
    format: i % 3 ? 'clm' : 'sealed',
    via: 0,
    wireId: '1',
    sender: i % 2 ? 'bob' : 'alice',
    text: `message ${i}`,
    data: new Uint8Array([i & 255, 1, 2]),
    ...extra,
  };
}

function makeHistory(store = new MemoryHistoryStore(), current = { valid: true }) {
  return new History(store, {
    random,
    pause: () => Promise.resolve(),
    now: () => 1_760_000_000_000,
    assertCurrent: () => {
      if (!current.valid) throw new VaultError('locked', 'locked');
    },
  });
}

describe('codec and records', () => {
  it('round-trips any bucket of messages exactly', () => {
    const arbMessage = fc.record({
      kind: fc.constantFrom('sent' as const, 'received' as const),
      epoch: fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
      savedAt: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
      trashedAt: fc.option(fc.nat({ max: Number.MAX_SAFE_INTEGER }), { nil: null }),
      format: fc.constantFrom('clm' as const, 'sealed' as const),
      via: fc.integer({ min: 0, max: 255 }),
      wireId: fc.string(),
      sender: fc.string({ unit: 'grapheme' }),
      text: fc.string({ unit: 'grapheme', maxLength: 300 }),
      data: fc.uint8Array({ maxLength: 300 }),
    });
    fc.assert(
      fc.property(fc.array(arbMessage, { maxLength: BUCKET_SIZE }), fc.integer({ min: 1, max: 1e12 }), (list, firstId) => {
        const messages: StoredMessage[] = list.map((m, i) => ({ ...m, id: firstId + i * 3 }));
        expect(decodeBucket(encodeBucket(messages))).toEqual(messages);
      }),
      { numRuns: 300 },
    );
  });

  it('reads damaged bytes as a CodecError, never as other messages', () => {
    const good = encodeBucket([{ ...message(1), id: 5 }]);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (junk) => {
        try {
          decodeBucket(junk);
        } catch (error) {
          expect(error).toBeInstanceOf(CodecError);
        }
      }),
      { numRuns: 3000 },
    );
    expect(() => decodeBucket(good.subarray(0, good.length - 1))).toThrow(CodecError);
    expect(() => decodeBucket(new Uint8Array([...good, 0]))).toThrow(CodecError);
  });

  it('varints are exact over every safe integer', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (u, s) => {
        const r = new Reader(new Writer().uint(u).int(s).finish());
        expect([r.uint(), r.int()]).toEqual([u, s]);
        r.end();
      }),
    );
  });

  it('a sealed record opens only under its own key, generation and record key', () => {
    const sealed = sealRecord(key1, 1, 'b/x/0', new Uint8Array([1, 2, 3]), random);
    expect(recordGeneration(sealed)).toBe(1);
    const both = new Map([[1, key1], [2, key2]]);
    expect(openRecord(both, 'b/x/0', sealed)).toEqual(new Uint8Array([1, 2, 3]));
    expect(openRecord(both, 'b/x/1', sealed)).toBeUndefined();
    expect(openRecord(new Map([[1, key2]]), 'b/x/0', sealed)).toBeUndefined();
    const flipped = sealed.slice();
    flipped[flipped.length - 1] ^= 1;
    expect(openRecord(both, 'b/x/0', flipped)).toBeUndefined();
  });

  it('chat tags are keyed: the same ref gives another tag under another index key', () => {
    expect(chatTag(key1, 'c1')).toMatch(/^[0-9a-f]{16}$/);
    expect(chatTag(key1, 'c1')).not.toBe(chatTag(key2, 'c1'));
    expect(chatTag(key1, 'c1')).not.toBe(chatTag(key1, 'c2'));
  });
});

describe('History', () => {
  it('appends into buckets of 64 per chat, with directories that count without opening', async () => {
    const store = new MemoryHistoryStore();
    const history = makeHistory(store);
    const k = keys();
    for (let i = 0; i < 150; i++) await history.append(k, [{ ref: i % 3 ? 'c1' : 'c2', messages: [message(i)] }]);
    const dirs = await history.directories(k, ['c1', 'c2']);
    expect(History.summary(dirs.get('c1') ?? { next: 0, buckets: [] })).toEqual({ live: 100, trashed: 0, lastEpoch: 1_760_000_149 });
    expect(dirs.get('c1')?.buckets.map((b) => b.live)).toEqual([64, 36]);
    expect([...store.data.keys()].filter((k) => k.startsWith('b/'))).toHaveLength(3);
    // Nothing in the store shows a text, a sender or an epoch.
    const everything = [...store.data].map(([key, v]) => key + new TextDecoder('latin1').decode(v)).join();
    for (const secret of ['message 1', 'alice', 'bob', '1760000']) expect(everything).not.toContain(secret);
  });

  it('pages in epoch order across chats, opening only the buckets it needs', async () => {
    const store = new MemoryHistoryStore();
    const history = makeHistory(store);
    const k = keys();
    // Out of order on purpose: an old pointer discovered last.
    const all: NewMessage[] = Array.from({ length: 300 }, (_, i) => message(i));
    all.push(message(-50, { text: 'the oldest, discovered last' }));
    for (const [i, m] of all.entries()) await history.append(k, [{ ref: i % 2 ? 'c1' : 'c2', messages: [m] }]);
    const fresh = makeHistory(store);
    const before = store.reads;
    const page = await fresh.page(k, ['c1', 'c2'], { trashed: false, order: 'newest-first', offset: 0, limit: 10 });
    expect(page.total).toBe(301);
    expect(page.items.map((l) => l.message.text)).toEqual(Array.from({ length: 10 }, (_, i) => `message ${299 - i}`));
    // The directories (one read) and the last bucket of each chat, not all 6 buckets.
    expect(store.reads - before).toBeLessThanOrEqual(3);
    const oldest = await fresh.page(k, ['c1', 'c2'], { trashed: false, order: 'oldest-first', offset: 0, limit: 2 });
    expect(oldest.items.map((l) => l.message.text)).toEqual(['the oldest, discovered last', 'message 0']);
    const deep = await fresh.page(k, ['c1', 'c2'], { trashed: false, order: 'newest-first', offset: 290, limit: 20 });
    expect(deep.items.map((l) => l.message.epoch)).toEqual([...Array.from({ length: 10 }, (_, i) => 1_760_000_009 - i), 1_759_999_950]);
  });

  it('finds by id and by second, trashes, restores and deletes in one write each', async () => {
    const store = new MemoryHistoryStore();
    const history = makeHistory(store);
    const k = keys();
    const added = await history.append(k, [{ ref: 'c1', messages: Array.from({ length: 70 }, (_, i) => message(i)) }]);
    const target = added.at(65);
    if (!target) throw new Error('no message');
    expect((await history.find(k, ['c2', 'c1'], target.message.id))?.message.text).toBe('message 65');
    expect(await history.findAt(k, 'c1', 1_760_000_065, (m) => m.text === 'message 65')).toMatchObject({ id: target.message.id });
    const writes = store.writes;
    await history.update(k, ['c1'], target.message.id, (m) => ({ ...m, trashedAt: 5 }));
    expect(store.writes - writes).toBe(1);
    const trash = await history.page(k, ['c1'], { trashed: true, order: 'newest-first', offset: 0, limit: 5 });
    expect(trash.items.map((l) => l.message.id)).toEqual([target.message.id]);
    expect(History.summary((await history.directories(k, ['c1'])).get('c1') ?? { next: 0, buckets: [] })).toMatchObject({ live: 69, trashed: 1 });
    await history.update(k, ['c1'], target.message.id, () => null);
    expect(await history.find(k, ['c1'], target.message.id)).toBeUndefined();
    expect((await history.page(k, ['c1'], { trashed: false, order: 'newest-first', offset: 0, limit: 100 })).total).toBe(69);
  });

  it('searches every bucket in steps, and stops when the session is gone', async () => {
    const session = { valid: true };
    let pauses = 0;
    const history = new History(new MemoryHistoryStore(), {
      random,
      now: () => 0,
      pause: () => {
        pauses++;
        if (pauses === 2) session.valid = false;
        return Promise.resolve();
      },
      assertCurrent: () => {
        if (!session.valid) throw new VaultError('locked', 'locked');
      },
    });
    const k = keys();
    await history.append(k, [{ ref: 'c1', messages: Array.from({ length: 64 * 60 }, (_, i) => message(i)) }]);
    session.valid = true;
    pauses = 10;
    const hits = await history.page(k, ['c1'], { trashed: false, query: 'message 12', order: 'newest-first', offset: 0, limit: 50 });
    expect(hits.total).toBe(111); // 12, 120–129, 1200–1299
    pauses = 0;
    await expect(history.page(k, ['c1'], { trashed: false, query: 'x', order: 'newest-first', offset: 0, limit: 5 })).rejects.toMatchObject({ code: 'locked' });
  });

  it('refuses to write for a session that ended, and writes nothing', async () => {
    const store = new MemoryHistoryStore();
    const session = { valid: true };
    const history = makeHistory(store, session);
    const k = keys();
    await history.append(k, [{ ref: 'c1', messages: [message(1)] }]);
    session.valid = false;
    const before = new Map(store.data);
    await expect(history.append(k, [{ ref: 'c1', messages: [message(2)] }])).rejects.toMatchObject({ code: 'locked' });
    expect(store.data).toEqual(before);
  });

  it('a full store refuses a write as a whole, and the caches stay as they were', async () => {
    const store = new MemoryHistoryStore({ quotaBytes: 3000 });
    const history = makeHistory(store);
    const k = keys();
    await history.append(k, [{ ref: 'c1', messages: [message(1)] }]);
    const error = await history.append(k, [{ ref: 'c1', messages: Array.from({ length: 40 }, (_, i) => message(i, { text: 'x'.repeat(100) })) }]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'storage-full' });
    expect((await history.page(k, ['c1'], { trashed: false, order: 'newest-first', offset: 0, limit: 50 })).total).toBe(1);
    expect((await history.state(k)).nextId).toBe(2);
  });

  it('a damaged bucket is reported, never rewritten; sending starts a new bucket', async () => {
    const store = new MemoryHistoryStore();
    const history = makeHistory(store);
    const k = keys();
    await history.append(k, [{ ref: 'c1', messages: [message(1), message(2)] }]);
    const key = [...store.data.keys()].find((x) => x.startsWith('b/')) ?? '';
    const bytes = store.data.get(key);
    if (bytes) bytes[bytes.length - 1] ^= 1;
    const fresh = makeHistory(store);
    const page = await fresh.page(k, ['c1'], { trashed: false, order: 'newest-first', offset: 0, limit: 50 });
    expect(page.damaged).toBe(2);
    await expect(fresh.update(k, ['c1'], 1, () => null)).resolves.toBeUndefined();
    await expect(fresh.rewrite(k, 'c1', () => true, () => null)).rejects.toMatchObject({ code: 'corrupt-storage' });
    const added = await fresh.append(k, [{ ref: 'c1', messages: [message(3)] }]);
    expect(added.map((l) => l.message.id)).toEqual([3]);
    expect((await fresh.page(k, ['c1'], { trashed: false, order: 'newest-first', offset: 0, limit: 50 })).items.map((l) => l.message.text)).toEqual(['message 3']);
  });

  it('rebuilds a damaged directory and state from what can be read', async () => {
    const store = new MemoryHistoryStore();
    const history = makeHistory(store);
    const k = keys();
    await history.append(k, [{ ref: 'c1', messages: Array.from({ length: 100 }, (_, i) => message(i)) }]);
    for (const key of store.data.keys()) {
      if (key.startsWith('d/') || key === 's') store.data.set(key, new Uint8Array([1, 2, 3]));
    }
    const fresh = makeHistory(store);
    expect((await fresh.page(k, ['c1'], { trashed: false, order: 'newest-first', offset: 0, limit: 1 })).total).toBe(100);
    const state = await fresh.state(k);
    expect(state.nextId).toBe(101);
    expect(state.hwmFloor).toBe(1_760_000_000 + 600);
  });

  it('re-seals every record under a new generation, resumably', async () => {
    const store = new MemoryHistoryStore();
    const history = makeHistory(store);
    await history.append(keys(1), [{ ref: 'c1', messages: Array.from({ length: 130 }, (_, i) => message(i)) }]);
    let writes = 0;
    const stopAt = 2;
    const resumable = async () => {
      await history.resealAll(new Map([[1, key1], [2, key2]]), 2, () => {
        if (++writes > stopAt && writes < 100) throw new Error('stopped');
      });
    };
    await expect(resumable()).rejects.toThrow('stopped');
    writes = 100;
    await resumable();
    expect([...store.data.values()].map(recordGeneration)).toEqual([...store.data.values()].map(() => 2));
    const only2: HistoryKeys = { keys: new Map([[2, key2]]), current: 2, indexKey: keys().indexKey };
    expect((await makeHistory(store).page(only2, ['c1'], { trashed: false, order: 'oldest-first', offset: 0, limit: 500 })).items).toHaveLength(130);
  });

  it('moves a chat’s messages to another, ids kept, and drops chats', async () => {
    const history = makeHistory();
    const k = keys();
    const added = await history.append(k, [{ ref: 's77', messages: [message(1), message(2)] }], (s) => ({ ...s, stranded: ['77'] }));
    await history.move(k, 's77', 'c5', (s) => ({ ...s, stranded: [] }));
    expect((await history.all(k, 'c5')).map((m) => m.id)).toEqual(added.map((l) => l.message.id));
    expect(await history.all(k, 's77')).toEqual([]);
    expect((await history.state(k)).stranded).toEqual([]);
    expect(await history.drop(k, ['c5'])).toBe(2);
    expect(await history.find(k, ['c5'], added[0]?.message.id ?? 0)).toBeUndefined();
  });
});
