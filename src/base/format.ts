/**
 * Number, duration and table formatting for what people read: report.md, the fit and plan tables,
 * the dry run. The CSVs keep full precision; these round. One `num` and one `duration` for all.
 */

/** Four significant digits; exponent form for very large or very small magnitudes. */
export function num(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '';
  if (x === 0) return '0';
  const a = Math.abs(x);
  // Counts (parameters, tokens) below 1e5 print exactly: rounding 16384 to 16380 hides a real value.
  if (Number.isInteger(x) && a < 1e5) return String(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  return Number(x.toPrecision(digits)).toString();
}

/** A 95% interval as "[lo, hi]", or "" when there is none. */
export function interval(ci: readonly [number, number] | null | undefined, digits = 3): string {
  return ci ? `[${num(ci[0], digits)}, ${num(ci[1], digits)}]` : '';
}

/** Compact SI-style size, e.g. 3.3k, 1.2M: used in plot legends and labels. */
export function si(x: number): string {
  const a = Math.abs(x);
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [scale, suffix] of units) if (a >= scale) return `${Number((x / scale).toPrecision(3))}${suffix}`;
  return Number(x.toPrecision(3)).toString();
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

/** A markdown table; pipes inside cells are escaped so a reason or device name cannot break it. */
export function mdTable(header: string[], rows: string[][]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** Blank lines collapsed to one, one trailing newline. */
export function joinBlocks(lines: string[]): string {
  const out = lines.filter((line, i, all) => !(line === '' && all[i - 1] === ''));
  return `${out.join('\n').trim()}\n`;
}
