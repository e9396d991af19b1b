/** Small number formatters for tables printed to people. */
export function sci(n: number, digits = 3): string {
  if (n === 0) return '0';
  const abs = Math.abs(n);
  return abs >= 1e4 || abs < 1e-2 ? n.toExponential(digits - 1) : Number(n.toPrecision(digits)).toString();
}

export function duration(seconds: number): string {
  if (seconds < 90) return `${seconds.toFixed(1)} s`;
  if (seconds < 5400) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(2)} h`;
}

/** A plain aligned text table. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
