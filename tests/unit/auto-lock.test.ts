import { describe, expect, it } from 'vitest';
import { AUTO_LOCK_ALARM, createAutoLock } from '../../entrypoints/background/auto-lock.ts';
import type { LockState } from '../../lib/wire/protocol.ts';
import type { AutoLockMinutes } from '../../lib/wire/limits.ts';

function harness(minutes: AutoLockMinutes = 5) {
  const state = { lock: 'unlocked' as LockState, now: 0, minutes, alarms: new Map<string, number>(), locks: 0 };
  const autoLock = createAutoLock({
    status: () => Promise.resolve({ state: state.lock }),
    lock: () => {
      state.locks++;
      state.lock = 'locked';
      return Promise.resolve();
    },
    minutes: () => Promise.resolve(state.minutes),
    schedule: (name, m) => {
      state.alarms.set(name, state.now + m * 60_000);
      return Promise.resolve();
    },
    cancel: (name) => {
      state.alarms.delete(name);
      return Promise.resolve();
    },
    now: () => state.now,
  });
  return { state, autoLock };
}

describe('auto-lock', () => {
  it('arms an alarm N minutes after activity and pushes it back on later activity', async () => {
    const { state, autoLock } = harness(5);
    await autoLock.activity();
    expect(state.alarms.get(AUTO_LOCK_ALARM)).toBe(5 * 60_000);
    state.now = 10_000; // within the re-arm interval: left alone
    await autoLock.activity();
    expect(state.alarms.get(AUTO_LOCK_ALARM)).toBe(5 * 60_000);
    state.now = 60_000;
    await autoLock.activity();
    expect(state.alarms.get(AUTO_LOCK_ALARM)).toBe(60_000 + 5 * 60_000);
  });

  it('locks when its alarm fires, and ignores other alarms', async () => {
    const { state, autoLock } = harness();
    await autoLock.onAlarm('something-else');
    expect(state.locks).toBe(0);
    await autoLock.onAlarm(AUTO_LOCK_ALARM);
    expect(state.locks).toBe(1);
    await autoLock.onAlarm(AUTO_LOCK_ALARM); // already locked: nothing to do
    expect(state.locks).toBe(1);
  });

  it('cancels the alarm for "never" and while locked', async () => {
    const { state, autoLock } = harness(0);
    state.alarms.set(AUTO_LOCK_ALARM, 1);
    await autoLock.rearm();
    expect(state.alarms.has(AUTO_LOCK_ALARM)).toBe(false);
    state.minutes = 15;
    state.lock = 'locked';
    await autoLock.rearm();
    expect(state.alarms.has(AUTO_LOCK_ALARM)).toBe(false);
  });

  it('locks when the system locks', async () => {
    const { state, autoLock } = harness();
    await autoLock.onSystemLocked();
    expect(state.lock).toBe('locked');
  });
});
