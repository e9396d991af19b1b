/**
 * Turns the Brown corpus "form C" (POS-tagged) back into running text.
 *
 * A token is `word/tag`; words may contain "/" (`1/2/cd`, `and/or/cc`, `//in`), so the tag starts
 * after the LAST slash. Layout of the files: a blank line (2+ newlines) starts a paragraph, a single
 * newline separates sentences inside one. We keep paragraphs as "\n" and join everything else with
 * single spaces.
 *
 * Light detokenization, so the model sees ordinary English rather than tokenizer artefacts:
 * the tagged quotes `` and '' (also inside words, where they are inch marks) become a plain `"`,
 * opening quotes and "(" attach to the next word, and closing quotes plus . , ; : ? ! ) attach to
 * the previous one; the corpus's extra period after an abbreviation that ends a sentence
 * ("Jr. .") is dropped. Everything else keeps its space (the single quote ' is both opening and
 * closing in the corpus, so it is left alone).
 */

/** Bump when the output of stripTaggedText changes, so cached copies are rebuilt. */
export const STRIP_VERSION = 2;

const ATTACH_LEFT = new Set(['.', ',', ';', ':', '?', '!', ')', "''"]);
const ATTACH_RIGHT = new Set(['(', '``']);

/** One corpus file (tagged) to plain text: paragraphs separated by "\n", no trailing newline. */
export function stripTaggedText(tagged: string): string {
  const paragraphs: string[] = [];
  for (const block of tagged.split(/\n[ \t]*\n\s*/)) {
    const para = stripParagraph(block);
    if (para) paragraphs.push(para);
  }
  return paragraphs.join('\n');
}

function stripParagraph(block: string): string {
  let out = '';
  let glueNext = true; // no space before the first word, nor after an opening bracket or quote
  for (const token of block.split(/\s+/)) {
    if (!token) continue;
    const slash = token.lastIndexOf('/');
    // A token without a tag is kept whole; the corpus has none, but this keeps odd input visible.
    const word = slash > 0 ? token.slice(0, slash) : token;
    // "Jr. ./." is how the corpus ends a sentence on an abbreviation: the text had one period.
    if (word === '.' && out.endsWith('.')) continue;
    // Quotes, and the inch marks of "1/4''": both were a plain " in print.
    const text = word.replaceAll('``', '"').replaceAll("''", '"');
    if (!glueNext && !ATTACH_LEFT.has(word)) out += ' ';
    out += text;
    glueNext = ATTACH_RIGHT.has(word);
  }
  return out;
}
