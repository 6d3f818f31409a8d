/** A column of a plain-text table. */
export interface TextColumn {
  readonly title: string;
  readonly align: 'left' | 'right';
}

/** Lays out rows under a header and a rule, each column as wide as its widest cell. */
export function formatTextTable(
  columns: readonly TextColumn[],
  rows: ReadonlyArray<readonly string[]>,
): string {
  const widths = columns.map((column, index) =>
    Math.max(column.title.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    columns
      .map((column, index) => {
        const cell = cells[index] ?? '';
        const width = widths[index] ?? 0;
        return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((column) => column.title)),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...rows.map(line),
  ].join('\n');
}
