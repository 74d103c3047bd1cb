import { describe, expect, it } from 'vitest';
import type { ComposeJobView, ResponseOf } from '../../../lib/wire/protocol.ts';
import { RequestError } from '../../../platform/client.ts';
import { createComposeModel } from '../../../models/compose-model.ts';
import { fakeApi, type FakeHandlers } from './fake-api.ts';
import { chatView, messageView } from './views.ts';

const JOB_ID = '0123456789abcdef0123456789abcdef';
const LOCKED_JOB: ComposeJobView = { jobId: JOB_ID, origin: 'https://forum.example', state: 'locked', chats: [], used: false };
const OPEN_JOB: ComposeJobView = { ...LOCKED_JOB, state: 'unlocked', chats: [chatView(), chatView({ id: '2', clmId: '2', name: 'Project' })] };
const SENT = messageView({ id: 9, kind: 'sent', sender: 'alice', text: 'hello' });
const WRITTEN: ResponseOf<'writePointerIntoPage'> = { pointer: SENT.pointer, message: SENT, inserted: true, problem: null };
const NOT_WRITTEN: ResponseOf<'writePointerIntoPage'> = { ...WRITTEN, inserted: false, problem: 'The text field is gone. The pointer is in your history; copy it from there.' };

function setUp(handlers: FakeHandlers) {
  const fake = fakeApi(handlers);
  return { model: createComposeModel(fake.api, JOB_ID), calls: fake.calls };
}

describe('the compose model', () => {
  it('loads its job, and after an unlock loads it again with the chats', async () => {
    let job = LOCKED_JOB;
    const { model, calls } = setUp({ getComposeJob: () => job });
    await model.load();
    expect(model.job.value).toEqual(LOCKED_JOB);
    job = OPEN_JOB;
    await model.load();
    expect(model.job.value?.chats.map((c) => c.name)).toEqual(['General', 'Project']);
    expect(calls).toEqual([
      { type: 'getComposeJob', payload: { jobId: JOB_ID } },
      { type: 'getComposeJob', payload: { jobId: JOB_ID } },
    ]);
  });

  it('a job that cannot be loaded says why; a later load that works clears it', async () => {
    let fail = true;
    const { model } = setUp({ getComposeJob: () => (fail ? Promise.reject(new RequestError('not-found', 'This window’s request is gone. Close it and start again.')) : OPEN_JOB) });
    await model.load();
    expect(model.job.value).toBeNull();
    expect(model.error.value).toBe('This window’s request is gone. Close it and start again.');
    fail = false;
    await model.load();
    expect(model.error.value).toBeNull();
    expect(model.job.value).toEqual(OPEN_JOB);
  });

  it('writes the pointer into the page once: busy meanwhile, and says whether it went in', async () => {
    const answer = Promise.withResolvers<ResponseOf<'writePointerIntoPage'>>();
    const { model, calls } = setUp({ writePointerIntoPage: () => answer.promise });
    const writing = model.write('2', 'hello');
    expect(model.busy.value).toBe(true);
    // A second click while the first is being written asks nothing.
    const secondClick = model.write('2', 'hello');
    answer.resolve(WRITTEN);
    expect(await writing).toBe(true);
    expect(await secondClick).toBe(false);
    expect(model.busy.value).toBe(false);
    expect(model.result.value).toEqual(WRITTEN);
    // Written: the window writes no more.
    expect(await model.write('1', 'again')).toBe(false);
    expect(calls).toEqual([{ type: 'writePointerIntoPage', payload: { jobId: JOB_ID, chatId: '2', text: 'hello' } }]);
  });

  it('a pointer made but not put into the page: the result says why, and the window is done', async () => {
    const { model, calls } = setUp({ writePointerIntoPage: () => NOT_WRITTEN });
    expect(await model.write('1', 'hello')).toBe(false);
    expect(model.result.value?.problem).toMatch(/copy it from there/);
    expect(model.error.value).toBeNull();
    expect(await model.write('1', 'hello')).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it('a refused write says why and may be tried again', async () => {
    let fail = true;
    const { model, calls } = setUp({ writePointerIntoPage: () => (fail ? Promise.reject(new RequestError('locked', 'The extension is locked.')) : WRITTEN) });
    expect(await model.write('1', 'hello')).toBe(false);
    expect(model.error.value).toBe('The extension is locked.');
    expect(model.result.value).toBeNull();
    expect(model.busy.value).toBe(false);
    fail = false;
    expect(await model.write('1', 'hello')).toBe(true);
    expect(model.error.value).toBeNull();
    expect(calls).toHaveLength(2);
  });
});
