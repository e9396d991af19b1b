import { describe, expect, it } from 'vitest';
import { stripTaggedText } from '../../src/data/brown-strip.ts';

describe('stripTaggedText', () => {
  it('drops tags, splitting each token at its last slash', () => {
    expect(stripTaggedText('\tThe/at ratio/nn 1/2/cd and/or/cc //in AAb//nn ./.')).toBe('The ratio 1/2 and/or / AAb/.');
  });

  it('turns `` and \'\' into plain quotes attached to the quoted words', () => {
    expect(stripTaggedText("\t``/`` No/at evidence/nn ''/'' ,/, he/pps said/vbd ./.")).toBe('"No evidence", he said.');
  });

  it('attaches brackets and closing punctuation, keeps dashes spaced', () => {
    expect(stripTaggedText('\tEast/jj-tl Berlin/np-tl (/( Communist/nn-tl )/) radio/nn --/-- loud/jj ;/. yes/rb ?/.')).toBe(
      'East Berlin (Communist) radio -- loud; yes?',
    );
  });

  it('keeps paragraphs (blank lines) as newlines and joins sentence lines with spaces', () => {
    const tagged = '\n\n\tOne/cd ./.\nTwo/cd ./.\n\n\n\tThree/cd !/.\n\n\n\nHead/nn-hl \nFour/cd ./.\n';
    expect(stripTaggedText(tagged)).toBe('One. Two.\nThree!\nHead Four.');
  });

  it('does not double the period after an abbreviation that ends a sentence', () => {
    expect(stripTaggedText('\tIvan/np Allen/np Jr./np ./.')).toBe('Ivan Allen Jr.');
    expect(stripTaggedText("\ta/at 1/4''/nn pipe/nn")).toBe('a 1/4" pipe');
  });
});
