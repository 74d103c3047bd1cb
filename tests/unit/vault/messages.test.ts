import { describe, expect, it } from 'vitest';
import { discoverPointer, parsePointer } from '../../../lib/clm/format.ts';
import { MemoryStorageArea } from '../../support/memory-stores.ts';
import { MemoryHistoryStore } from '../../support/memory-stores.ts';
import { dumpHistory, dumpLocal, PHRASE, rejection, setUp, vaultOver } from './helpers.ts';

describe('send and discover', () => {
  it('sends a CLM 2.0.1 pointer that CLM’s algorithm discovers', async () => {
    const now = 1_736_854_567_123;
    const { vault } = await setUp({ now: () => now });
    const { pointer, message, warning } = await vault.sendMessage({ chatId: '1', text: '  Привет, мир!  ' });
    expect(pointer).toMatch(/^\{"c": "1", "e": 1736854567, "d": "[0-9a-f]+"\}$/);
    expect(discoverPointer({ phrase: PHRASE, seedSuffix: 'general', pointer })).toMatchObject({ sender: 'alice', text: 'Привет, мир!' });
    expect(message).toMatchObject({ kind: 'sent', chatId: '1', chatName: '💬 General chat', text: 'Привет, мир!', epoch: 1736854567, openedWith: 'profile-phrase' });
    expect(warning).toBeNull();
  });

  it('warns when a CLM pointer is longer than CLM’s terminal takes, and keeps spaces and lines', async () => {
    const { vault } = await setUp();
    const text = 'line one\n  indented   line two\n'.repeat(80);
    const sent = await vault.sendMessage({ chatId: '1', text });
    expect(sent.pointer.length).toBeGreaterThan(4000);
    expect(sent.warning).toBe('clm-terminal');
    expect(sent.message.text).toBe(text.trim());
    expect((await vault.createChat({ name: 'sealed' })).format).toBe('sealed');
    expect((await vault.sendMessage({ chatId: '3', text })).warning).toBeNull();
  });

  it('discovers a received pointer once, however it is spaced or cased', async () => {
    const { vault } = await setUp();
    const { vault: other } = await setUp();
    const { pointer } = await other.sendMessage({ chatId: '2', text: 'from the other browser' });
    const first = await vault.discoverPointer({ pointer });
    expect(first.duplicate).toBe(false);
    expect(first.message).toMatchObject({ kind: 'received', sender: 'alice', text: 'from the other browser', chatId: '2' });
    const mangled = ` ${pointer.replace(/"d": "([0-9a-f]+)"/, (_, d: string) => `"d":"${d.toUpperCase().replace(/(..)/g, '$1 ')}"`)}\n`;
    expect(await vault.discoverPointer({ pointer: mangled })).toMatchObject({ duplicate: true, message: { id: first.message.id } });
    // What the menus accept, the paste accepts: a pointer among prose, smart quotes, a spaced prefix.
    expect(await vault.discoverPointer({ pointer: `see: ${pointer.replace(/"/g, '“')} bye` })).toMatchObject({ duplicate: true });
    expect((await vault.listMessages({})).total).toBe(1);
  });

  it('reads a sealed pointer with a spaced prefix, as the extractor does (clm1 : …)', async () => {
    const { vault } = await setUp();
    await vault.createChat({ name: 'Sealed' });
    const { pointer } = await vault.sendMessage({ chatId: '3', text: 'sealed text' });
    expect(await vault.discoverPointer({ pointer: pointer.replace('CLM1:', 'clm1 : ') })).toMatchObject({ duplicate: true });
  });

  it('treats one’s own sent pointer as the same message', async () => {
    const { vault } = await setUp();
    const { pointer, message } = await vault.sendMessage({ chatId: '0', text: 'mine' });
    expect(await vault.discoverPointer({ pointer })).toMatchObject({ duplicate: true, message: { id: message.id, kind: 'sent' } });
  });

  it('keeps a pointer for a CLM id it has no chat for apart, until that chat is added', async () => {
    const { vault } = await setUp();
    const { vault: other } = await setUp();
    await other.createChat({ name: 'Project', format: 'clm' });
    const { pointer } = await other.sendMessage({ chatId: '3', text: 'in chat 3' });
    const found = await vault.discoverPointer({ pointer });
    expect(found.message).toMatchObject({ chatId: '3', chatName: 'Chat 3', stranded: true, text: 'in chat 3' });
    // A chat created with that number does not take it over silently…
    const made = await vault.createChat({ name: 'Something else', format: 'clm' });
    expect(made).toMatchObject({ id: '3', messageCount: 0 });
    expect((await vault.getMessage({ id: found.message.id })).stranded).toBe(true);
    await vault.deleteChat({ chatId: '3' });
    // …adding the chat the pointer names does, and its replies name the same number.
    const added = await vault.addChatForPointer({ clmId: '3', name: 'Project' });
    expect(added).toMatchObject({ moved: 1, chat: { id: '3', clmId: '3', seedSuffix: 'chat_3', messageCount: 1 } });
    expect(await vault.getMessage({ id: found.message.id })).toMatchObject({ chatId: '3', chatName: 'Project', stranded: false });
    const reply = await vault.sendMessage({ chatId: '3', text: 'answer' });
    expect(reply.pointer).toMatch(/^\{"c": "3"/);
    expect((await other.discoverPointer({ pointer: reply.pointer })).message).toMatchObject({ chatId: '3', text: 'answer' });
  });

  it('says which CLM id a pointer names when no chat has it and it does not open', async () => {
    const { vault } = await setUp();
    const { vault: other } = await setUp();
    await other.createChat({ name: 'Custom', format: 'clm', seedSuffix: 'custom-suffix' });
    const { pointer } = await other.sendMessage({ chatId: '3', text: 'custom' });
    const error = await rejection(vault.discoverPointer({ pointer }));
    expect(error).toMatchObject({ code: 'bad-pointer', pointerCode: 'not-for-this-phrase', unknownChatId: '3' });
    expect((await vault.addChatForPointer({ clmId: '3', name: 'Custom', seedSuffix: 'custom-suffix' })).moved).toBe(0);
    expect((await vault.discoverPointer({ pointer })).message).toMatchObject({ chatId: '3', text: 'custom', stranded: false });
  });

  it('explains a bad pointer and saves nothing', async () => {
    const { vault, local, history } = await setUp();
    const before = dumpLocal(local) + dumpHistory(history);
    expect(await rejection(vault.discoverPointer({ pointer: 'hello' }))).toMatchObject({ code: 'bad-pointer', pointerCode: 'not-a-pointer' });
    const foreign = vaultOver({ local: new MemoryStorageArea(), session: new MemoryStorageArea(), history: new MemoryHistoryStore() });
    await foreign.setupProfile({ username: 'eve', phrase: 'another phrase', confirmPhrase: 'another phrase', weakPhraseAccepted: true });
    const { pointer } = await foreign.sendMessage({ chatId: '1', text: 'secret' });
    expect(await rejection(vault.discoverPointer({ pointer }))).toMatchObject({ code: 'bad-pointer', pointerCode: 'not-for-this-phrase' });
    expect(dumpLocal(local) + dumpHistory(history)).toBe(before);
  });

  it('refuses an empty message and one too long for a pointer', async () => {
    const { vault } = await setUp();
    expect((await rejection(vault.sendMessage({ chatId: '1', text: ' \u001c\u0085 ' }))).code).toBe('invalid-input');
    expect((await rejection(vault.sendMessage({ chatId: '1', text: 'x'.repeat(40_000) }))).code).toBe('message-too-long');
    expect((await rejection(vault.sendMessage({ chatId: '99', text: 'x' }))).code).toBe('not-found');
  });

  it('loses nothing when two pages send 100 messages each at once', async () => {
    const { vault, local, session, history } = await setUp();
    const sends = [];
    for (let i = 0; i < 100; i++) sends.push(vault.sendMessage({ chatId: '1', text: `page A #${i}` }), vault.sendMessage({ chatId: '1', text: `page B #${i}` }));
    const results = await Promise.all(sends);
    expect(new Set(results.map((r) => r.message.id)).size).toBe(200);
    expect(new Set(results.map((r) => parsePointer(r.pointer).epoch)).size).toBe(200);
    const page = await vaultOver({ local, session, history }).listMessages({ limit: 500 });
    expect(page.total).toBe(200);
    expect(new Set(page.messages.map((m) => m.text))).toEqual(new Set(results.map((r) => r.message.text)));
  });

  it('discovers many pointers in one pass and one write, each with its own result', async () => {
    const { vault, history } = await setUp();
    const { vault: other } = await setUp();
    const pointers = [];
    for (let i = 0; i < 50; i++) pointers.push((await other.sendMessage({ chatId: String(i % 3), text: `batch ${i}` })).pointer);
    const writes = history.writes;
    const results = await vault.discoverMany([...pointers, pointers[0] ?? '', 'junk']);
    expect(history.writes - writes).toBe(1);
    expect(results.slice(0, 50).map((r) => [r.status, r.message?.text])).toEqual(pointers.map((_, i) => ['discovered', `batch ${i}`]));
    expect(results[50]).toMatchObject({ status: 'duplicate', message: { id: results[0]?.message?.id } });
    expect(results[51]).toMatchObject({ status: 'failed', pointerCode: 'not-a-pointer' });
    expect((await vault.listMessages({ limit: 500 })).total).toBe(50);
  });
});

describe('no keystream is used twice', () => {
  it('a second message in the same second goes at the next free epoch; another suffix is free', async () => {
    const now = 1_736_854_567_000;
    const { vault } = await setUp({ now: () => now });
    const epochs = [];
    for (let i = 0; i < 3; i++) epochs.push(parsePointer((await vault.sendMessage({ chatId: '1', text: `m${i}` })).pointer).epoch);
    expect(epochs).toEqual([1736854567, 1736854568, 1736854569]);
    expect(parsePointer((await vault.sendMessage({ chatId: '2', text: 'x' })).pointer).epoch).toBe(1736854567);
  });

  it('no delete, clear or chat deletion frees a second that a published pointer used', async () => {
    const now = 1_736_854_567_000;
    const { vault, local, session, history } = await setUp({ now: () => now });
    const first = await vault.sendMessage({ chatId: '1', text: 'published' });
    await vault.deleteMessageForever({ id: first.message.id });
    const second = await vault.sendMessage({ chatId: '1', text: 'after delete forever' });
    await vault.clearChatHistory({ chatId: '1' });
    const third = await vault.sendMessage({ chatId: '1', text: 'after clearing the chat' });
    // A chat deleted and made again with the same suffix, by a worker that restarted meanwhile.
    await vault.createChat({ name: 'Again', format: 'clm', seedSuffix: 'general' });
    await vault.deleteChat({ chatId: '1' });
    const restarted = vaultOver({ local, session, history }, { now: () => now });
    const fourth = await restarted.sendMessage({ chatId: '3', text: 'in a new chat with the old suffix' });
    const epochs = [first, second, third, fourth].map((s) => parsePointer(s.pointer).epoch);
    expect(new Set(epochs).size).toBe(4);
    expect(epochs).toEqual([1736854567, 1736854568, 1736854569, 1736854570]);
  });

  it('stays close to the clock: a burst runs ahead by its length, then sends return to the clock', async () => {
    let now = 1_736_854_567_000;
    const { vault } = await setUp({ now: () => now });
    const burst = await Promise.all(Array.from({ length: 200 }, (_, i) => vault.sendMessage({ chatId: '1', text: `burst ${i}` })));
    const epochs = burst.map((s) => parsePointer(s.pointer).epoch);
    expect(Math.max(...epochs) - 1736854567).toBe(199);
    now += 300_000;
    expect(parsePointer((await vault.sendMessage({ chatId: '1', text: 'later' })).pointer).epoch).toBe(1736854867);
  });

  it('a received pointer near the clock moves the mark; one claiming a far future does not', async () => {
    const now = 1_736_854_567_000;
    const { vault } = await setUp({ now: () => now });
    const { vault: other } = await setUp({ now: () => now + 10_000 });
    const near = await other.sendMessage({ chatId: '1', text: 'ten seconds ahead' });
    await vault.discoverPointer({ pointer: near.pointer });
    expect(parsePointer((await vault.sendMessage({ chatId: '1', text: 'mine' })).pointer).epoch).toBe(1736854578);
    const { vault: far } = await setUp({ now: () => now + 10_000_000_000 });
    await vault.discoverPointer({ pointer: (await far.sendMessage({ chatId: '1', text: 'far future' })).pointer });
    expect(parsePointer((await vault.sendMessage({ chatId: '1', text: 'mine again' })).pointer).epoch).toBe(1736854579);
  });
});
