/**
 * Lets other work run between steps of a long job (reading a long page or paste): a Lock, an
 * alarm or another page's request is answered within milliseconds even while a hostile page's
 * text is being read. A macrotask, not a microtask: only then do queued messages get their turn.
 */
export const nextTask = (): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, 0));
