import { afterEach, describe, expect, it } from 'vitest';
import en from '../../../public/_locales/en/messages.json';
import ru from '../../../public/_locales/ru/messages.json';
import { catalogBackend, installI18n, splitDetail, t } from '../../../lib/i18n/i18n.ts';
import type { DiscoveryJobView } from '../../../lib/wire/protocol.ts';
import { RequestError } from '../../../platform/client.ts';
import { createDiscoveryModel } from '../../../models/discovery-model.ts';
import { fakeApi } from './fake-api.ts';
import { messageView } from './views.ts';

const JOB_ID = 'fedcba9876543210fedcba9876543210';
const PENDING: DiscoveryJobView = {
  jobId: JOB_ID,
  source: 'selection',
  origin: 'https://forum.example',
  state: 'locked',
  results: [{ pointer: 'CLM1:pointer-4', status: 'pending' }],
  unreadable: [],
  truncated: false,
  readError: null,
};
const FOUND: DiscoveryJobView = { ...PENDING, state: 'unlocked', results: [{ pointer: 'CLM1:pointer-4', status: 'discovered', message: messageView({ id: 4 }) }] };

afterEach(() => {
  installI18n(catalogBackend(en, 'en-US'));
});

describe('the discovery model', () => {
  it('shows the job; asked again after an unlock, the pending pointers come back discovered', async () => {
    let job = PENDING;
    const fake = fakeApi({ getDiscoveryJob: () => job });
    const model = createDiscoveryModel(fake.api, JOB_ID);
    expect(model.job.value).toBeNull();
    await model.load();
    expect(model.job.value?.results[0]?.status).toBe('pending');
    job = FOUND;
    await model.load();
    expect(model.job.value).toEqual(FOUND);
    expect(fake.calls).toEqual([
      { type: 'getDiscoveryJob', payload: { jobId: JOB_ID } },
      { type: 'getDiscoveryJob', payload: { jobId: JOB_ID } },
    ]);
  });

  it('a job that cannot be loaded says why, keeps what it showed, and a load that works clears the error', async () => {
    let fail = false;
    const fake = fakeApi({ getDiscoveryJob: () => (fail ? Promise.reject(new RequestError('no-answer', 'The extension did not answer.')) : PENDING) });
    const model = createDiscoveryModel(fake.api, JOB_ID);
    await model.load();
    fail = true;
    await model.load();
    expect(model.error.value).toBe('The extension did not answer.');
    expect(model.job.value).toEqual(PENDING);
    fail = false;
    await model.load();
    expect(model.error.value).toBeNull();
  });

  it('in another language an error without a sentence of its own is “could not load the results”', async () => {
    installI18n(catalogBackend(ru, 'ru'));
    const fake = fakeApi({ getDiscoveryJob: () => Promise.reject(new RequestError('invalid-request', 'Invalid request: payload.jobId is too short.')) });
    const model = createDiscoveryModel(fake.api, JOB_ID);
    await model.load();
    expect(splitDetail(model.error.value ?? '')).toEqual({ message: t('error_load_results'), detail: 'Invalid request: payload.jobId is too short.' });
  });
});
