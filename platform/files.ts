/** The one place that reads and saves files for a page (the File API, a download link). */

/** The bytes of a file the person chose. */
export async function readBytes(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

/** The text of a file the person chose. */
export function readText(file: File): Promise<string> {
  return file.text();
}

/**
 * Offers `text` as a file to save, the way a page offers a download: no `downloads` permission
 * is needed, and the data never leaves this page but to the person's disk.
 */
export function saveTextFile(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the browser has taken the file.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 60_000);
}
