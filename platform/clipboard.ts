/** The one place that touches the clipboard. Only pointers are ever copied, never plaintext. */
export async function copyText(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
}
