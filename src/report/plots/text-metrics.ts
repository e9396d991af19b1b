/**
 * Text widths for vega's layout, measured with the same font files the PNG is drawn with. Without
 * a canvas vega guesses 0.8 em per character, which over-reserves legend space and truncates
 * labels that would fit; vega calls a user-set textMetrics.width instead when there is one.
 */
import fs from 'node:fs';
import opentype from 'opentype.js';
import * as vega from 'vega';
import { fontFiles } from './fonts.ts';

interface TextItem {
  fontSize?: number | string;
  fontWeight?: string | number;
  limit?: number;
}

let installed = false;

export function useFontMetrics(): void {
  if (installed) return;
  const [regularFile, boldFile] = fontFiles();
  const load = (file: string) => {
    const bytes = fs.readFileSync(file);
    return opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  };
  const regular = load(regularFile);
  const bold = boldFile ? load(boldFile) : regular;
  const cache = new Map<string, number>();
  // vega's typings omit textMetrics; it is a plain mutable object in vega-scenegraph.
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } }).textMetrics;
  metrics.width = (item, text) => {
    const size = item.fontSize === undefined || item.fontSize === null ? 11 : Number(item.fontSize) || 0;
    const isBold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600;
    const str = text === null || text === undefined ? '' : String(text).trim();
    const key = `${isBold ? 'b' : 'r'}${size}|${str}`;
    let w = cache.get(key);
    if (w === undefined) {
      w = advance(isBold ? bold : regular, str, size);
      cache.set(key, w);
    }
    return w;
  };
  installed = true;
}

/**
 * Sum of glyph advances, without kerning. Not font.getAdvanceWidth: opentype.js's shaper throws
 * on a GSUB lookup type that DejaVu uses, and plot labels need no ligatures; kerning would only
 * narrow a string, so the width is never too small.
 */
function advance(font: opentype.Font, text: string, size: number): number {
  let units = 0;
  for (const ch of text) units += font.charToGlyph(ch).advanceWidth ?? font.unitsPerEm * 0.6;
  return (units * size) / font.unitsPerEm;
}
