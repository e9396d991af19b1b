/**
 * Text to token ids. Two tokenizers:
 * - char: one id per Unicode code point; the vocab is the sorted set of code points in the whole
 *   text (train and held-out), so ids are stable for a given text.
 * - byte: the UTF-8 bytes themselves, vocab 256, nothing to learn from the text.
 */
export type TokenArray = Uint8Array | Uint16Array | Uint32Array;
export type TokenizerKind = 'char' | 'byte';

export interface Tokenized {
  ids: TokenArray;
  vocabSize: number;
  /** For char: vocab[id] is the character. For byte: undefined (id = byte value). */
  vocab?: string[];
}

export function tokenize(text: string, kind: TokenizerKind): Tokenized {
  return kind === 'byte' ? { ids: Buffer.from(text, 'utf8'), vocabSize: 256 } : tokenizeChars(text);
}

/** The smallest unsigned array type that holds ids below vocabSize (halves memory for big text). */
export function tokenArrayFor(vocabSize: number, length: number): TokenArray {
  if (vocabSize <= 0x100) return new Uint8Array(length);
  if (vocabSize <= 0x10000) return new Uint16Array(length);
  return new Uint32Array(length);
}

function tokenizeChars(text: string): Tokenized {
  const utf8 = Buffer.from(text, 'utf8');
  return utf8.length === text.length ? tokenizeAscii(utf8) : tokenizeCodePoints(text);
}

/** Fast path for pure ASCII (Brown): one byte per character, so map bytes through a 128-entry table. */
function tokenizeAscii(bytes: Uint8Array): Tokenized {
  const seen = new Uint8Array(128);
  for (let i = 0; i < bytes.length; i++) seen[bytes[i]] = 1;
  const sorted: number[] = [];
  for (let cp = 0; cp < 128; cp++) if (seen[cp]) sorted.push(cp);
  const table = new Uint8Array(128);
  sorted.forEach((cp, id) => (table[cp] = id));
  const ids = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) ids[i] = table[bytes[i]];
  return { ids, vocabSize: sorted.length, vocab: sorted.map((cp) => String.fromCharCode(cp)) };
}

function tokenizeCodePoints(text: string): Tokenized {
  // Two passes with charCodeAt and manual surrogate pairing (for...of, or a Set over every
  // character, is several times slower on a 6M-char corpus): first collect the vocab, then map.
  // A dense table covers the BMP, a Map the rare astral code points.
  const seenBmp = new Uint8Array(0x10000);
  const seenAstral = new Set<number>();
  let n = 0;
  forEachCodePoint(text, (cp) => {
    n++;
    if (cp < 0x10000) seenBmp[cp] = 1;
    else seenAstral.add(cp);
  });
  const sorted: number[] = [];
  for (let cp = 0; cp < 0x10000; cp++) if (seenBmp[cp]) sorted.push(cp);
  sorted.push(...Array.from(seenAstral).sort((a, b) => a - b));
  const table = new Int32Array(0x10000).fill(-1);
  const astralId = new Map<number, number>();
  sorted.forEach((cp, id) => (cp < 0x10000 ? (table[cp] = id) : astralId.set(cp, id)));
  const ids = tokenArrayFor(sorted.length, n);
  let i = 0;
  forEachCodePoint(text, (cp) => {
    ids[i++] = cp < 0x10000 ? table[cp] : (astralId.get(cp) as number);
  });
  return { ids, vocabSize: sorted.length, vocab: sorted.map((cp) => String.fromCodePoint(cp)) };
}

/** Calls f with each code point; a lone surrogate is passed through as its own code unit. */
function forEachCodePoint(text: string, f: (cp: number) => void): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        f(0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00));
        i++;
        continue;
      }
    }
    f(c);
  }
}
