/** The one place that touches `browser.alarms`. Alarms wake a stopped worker; timers do not. */
import { browser } from 'wxt/browser';

/** (Re)schedules the alarm `name` to fire once, `minutes` from now. */
export async function scheduleAlarm(name: string, minutes: number): Promise<void> {
  await browser.alarms.create(name, { delayInMinutes: minutes });
}

export async function cancelAlarm(name: string): Promise<void> {
  await browser.alarms.clear(name);
}

export function onAlarm(listener: (name: string) => void): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    listener(alarm.name);
  });
}
