// Virtual scrolling math for a table of up to millions of fixed-height rows. Browsers cap an
// element's height (~17–33 million px), so past `MAX_SCROLL_PX` the scrollbar is scaled: the
// scroll position maps to a fractional first row, and the rendered rows are shifted so that
// row sits at the top. Below the cap this is ordinary 1 px = 1 px scrolling.

export const MAX_SCROLL_PX = 8_000_000;

export interface TableWindow {
  /** Height of the scrollable spacer. */
  spacerHeight: number;
  /** First row to render (overscan included). */
  first: number;
  /** One past the last row to render. */
  last: number;
  /** Where the first rendered row's top goes inside the spacer. */
  offsetY: number;
}

export function spacerHeight(rows: number, rowHeight: number): number {
  return Math.min(rows * rowHeight, MAX_SCROLL_PX);
}

/** The fractional row at the top of the viewport for a scroll position. */
export function topRowAt(
  scrollTop: number,
  rows: number,
  rowHeight: number,
  viewHeight: number,
): number {
  const natural = rows * rowHeight;
  const spacer = spacerHeight(rows, rowHeight);
  const scrollable = Math.max(0, spacer - viewHeight);
  const rowsScrollable = Math.max(0, natural - viewHeight) / rowHeight;
  if (scrollable <= 0) return 0;
  return Math.min(rowsScrollable, (Math.min(scrollTop, scrollable) / scrollable) * rowsScrollable);
}

/** The scroll position that puts fractional row `row` at the top. */
export function scrollTopFor(
  row: number,
  rows: number,
  rowHeight: number,
  viewHeight: number,
): number {
  const natural = rows * rowHeight;
  const spacer = spacerHeight(rows, rowHeight);
  const scrollable = Math.max(0, spacer - viewHeight);
  const rowsScrollable = Math.max(0, natural - viewHeight) / rowHeight;
  if (rowsScrollable <= 0) return 0;
  return (Math.max(0, Math.min(row, rowsScrollable)) / rowsScrollable) * scrollable;
}

export function tableWindow(
  scrollTop: number,
  rows: number,
  rowHeight: number,
  viewHeight: number,
  overscan = 8,
): TableWindow {
  const top = topRowAt(scrollTop, rows, rowHeight, viewHeight);
  const firstVisible = Math.floor(top);
  const visible = Math.ceil(viewHeight / rowHeight) + 1;
  const first = Math.max(0, firstVisible - overscan);
  const last = Math.min(rows, firstVisible + visible + overscan);
  // The visible top row is drawn at the viewport's top edge, minus its fractional part.
  const topOfFirstVisible = scrollTop - (top - firstVisible) * rowHeight;
  return {
    spacerHeight: spacerHeight(rows, rowHeight),
    first,
    last,
    offsetY: topOfFirstVisible - (firstVisible - first) * rowHeight,
  };
}
