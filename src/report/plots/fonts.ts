/**
 * The one font every figure uses: DejaVu Sans from the `dejavu-fonts-ttf` npm package, found
 * wherever the process runs from. Never the system's fonts, so a bare CI machine draws the same
 * text as a laptop (and vega measures it with the same metrics, see text-metrics.ts).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const FONT_FAMILY = 'DejaVu Sans';

let files: string[] | null = null;

/** [regular, bold] font files. */
export function fontFiles(): string[] {
  if (files) return files;
  const pkg = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json');
  const dir = path.join(path.dirname(pkg), 'ttf');
  const found = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => path.join(dir, f));
  const missing = found.filter((f) => !fs.existsSync(f));
  if (missing.length > 0) throw new Error(`font file(s) missing: ${missing.join(', ')}; reinstall with npm ci`);
  files = found;
  return files;
}
