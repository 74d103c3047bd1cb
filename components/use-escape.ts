/**
 * Escape closes or cancels the innermost open thing: each open form, panel or confirmation
 * registers its "close", and one document listener calls the one registered last.
 */
import { useEffect, useRef } from 'preact/hooks';

const stack: { current: () => void }[] = [];

function onKeyDown(event: KeyboardEvent): void {
  if (event.key !== 'Escape' || event.isComposing || event.defaultPrevented) return;
  const top = stack.at(-1);
  if (!top) return;
  event.preventDefault();
  top.current();
}

/** While mounted (and `active`), Escape calls `onEscape` — unless something opened later is on top. */
export function useEscape(onEscape: () => void, active = true): void {
  const handler = useRef(onEscape);
  handler.current = onEscape;
  useEffect(() => {
    if (!active) return undefined;
    const entry = {
      current: () => {
        handler.current();
      },
    };
    if (stack.length === 0) document.addEventListener('keydown', onKeyDown);
    stack.push(entry);
    return () => {
      stack.splice(stack.indexOf(entry), 1);
      if (stack.length === 0) document.removeEventListener('keydown', onKeyDown);
    };
  }, [active]);
}
