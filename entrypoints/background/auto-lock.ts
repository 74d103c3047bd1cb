/**
 * Auto-lock: after N minutes without any request from the extension's pages, and whenever the
 * operating system locks the screen. Driven by an alarm (which wakes a stopped worker), never by
 * a timer, and never by hoping the worker dies.
 */
import type { LockState } from '../../lib/wire/views.ts';
import type { AutoLockMinutes } from '../../lib/wire/limits.ts';

export const AUTO_LOCK_ALARM = 'auto-lock';

/** Re-arming on every request would churn the alarm API; once per this many ms is precise enough. */
const REARM_INTERVAL_MS = 15_000;

export interface AutoLockDeps {
  readonly status: () => Promise<{ state: LockState }>;
  readonly lock: () => Promise<unknown>;
  readonly minutes: () => Promise<AutoLockMinutes>;
  readonly schedule: (name: string, minutes: number) => Promise<void>;
  readonly cancel: (name: string) => Promise<void>;
  readonly now: () => number;
}

export interface AutoLock {
  /** A page made a request: push the deadline back. */
  activity(): Promise<void>;
  /** The lock state or the setting changed: arm or cancel the alarm accordingly. */
  rearm(): Promise<void>;
  onAlarm(name: string): Promise<void>;
  onSystemLocked(): Promise<void>;
}

export function createAutoLock(deps: AutoLockDeps): AutoLock {
  let armedAt = -Infinity;
  const rearm = async () => {
    const { state } = await deps.status();
    const minutes = state === 'unlocked' ? await deps.minutes() : 0;
    if (minutes === 0) {
      armedAt = -Infinity;
      await deps.cancel(AUTO_LOCK_ALARM);
      return;
    }
    await deps.schedule(AUTO_LOCK_ALARM, minutes);
    armedAt = deps.now();
  };
  return {
    async activity() {
      if (deps.now() - armedAt < REARM_INTERVAL_MS) return;
      await rearm();
    },
    rearm,
    async onAlarm(name) {
      if (name !== AUTO_LOCK_ALARM) return;
      armedAt = -Infinity;
      if ((await deps.status()).state === 'unlocked') await deps.lock();
    },
    async onSystemLocked() {
      if ((await deps.status()).state === 'unlocked') await deps.lock();
    },
  };
}
