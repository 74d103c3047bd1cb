/** The one place that touches `browser.alarms`. Alarms wake a stopped worker; timers do not. */
import { browser } from 'wxt/browser';

/** (Re)schedules the alarm `name` to fire once, `minutes` from now. */
export async function scheduleAlarm(name: string, minutes: number): Promise<void> {
  await browser.alarms.create(name, { delayInMinutes: minutes });
}

export async function cancelAlarm(name: string): Promise<void> {
  await browser.alarms.clear(name);
}

/** When the alarm fires: the scheduled time (ms), or undefined if none. */
export async function alarmTime(name: string): Promise<number | undefined> {
  return (await browser.alarms.get(name))?.scheduledTime;
}

export function onAlarm(listener: (name: string) => void): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    listener(alarm.name);
  });
}
