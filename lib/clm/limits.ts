/**
 * What CLM 2.0.1's own input allows, which the extension's limits follow (lib/wire/limits.ts).
 * @module
 */

/**
 * CLM 2.0.1 reads names, phrases and suffixes from a terminal line, which holds at most 4,095
 * bytes: 4,096 UTF-16 code units take anything CLM can have.
 */
export const CLM_LINE_CHARS = 4096;

/** Longest chat id kept: CLM's ids are decimal numbers, far shorter. */
export const CLM_CHAT_ID_CHARS = 256;

/**
 * CLM 2.0.1 reads a pointer with `input()` from a terminal line; a longer pasted line is cut by
 * the terminal (4,095 bytes in Linux's canonical mode). A CLM-format send beyond this warns.
 */
export const CLM_TERMINAL_POINTER_CHARS = 4000;

/**
 * What one row of CLM's database may hold to be imported (lib/clm/database.ts reads past it as "not
 * what CLM writes"; the request check refuses it). CLM's own rows are far below: a message is
 * what fits in one pointer.
 */
export const CLM_ROW_LIMITS = { message: 1_000_000, payload: 2 * 65_536 } as const;

