/** Feedback appears where the person is looking: a notice scrolls itself into view when it appears. */
import { type RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** A ref whose element is scrolled into view (the least needed) each time `key` changes. */
export function useInView<T extends HTMLElement>(key: unknown): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest' });
  }, [key]);
  return ref;
}
