/** A small spinning ring; the label is what screen readers hear. */
export function Spinner({ label }: { readonly label: string }) {
  return (
    <span class="spinner" role="status">
      <span class="spinner__ring" aria-hidden="true" />
      <span class="spinner__label">{label}</span>
    </span>
  );
}
