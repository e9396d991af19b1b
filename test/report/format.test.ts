import { describe, expect, it } from 'vitest';
import { interval, mdTable, num, si } from '../../src/base/format.ts';
import { quantile } from '../../src/report/plots/bands.ts';
import { stableIds } from '../../src/report/plots/render.ts';
import { logDomain } from '../../src/report/plots/style.ts';

describe('report formatting', () => {
  it('prints counts exactly and other numbers to four significant digits', () => {
    expect(num(16384)).toBe('16384');
    expect(num(400384)).toBe('4.004e+5');
    expect(num(0.0242038)).toBe('0.0242');
    expect(num(2.5435061)).toBe('2.544');
    expect(num(3.3e-11)).toBe('3.3e-11');
    expect(num(null)).toBe('');
    expect(num(Number.NaN)).toBe('');
    expect(interval([0.0171586, 0.0289661])).toBe('[0.0172, 0.029]');
    expect(si(3312)).toBe('3.31k');
    expect(si(1e12)).toBe('1T');
  });

  it('keeps a markdown table intact when a cell has a pipe', () => {
    expect(mdTable(['a', 'b'], [['x|y', '1']])).toBe('| a | b |\n|---|---|\n| x\\|y | 1 |');
  });

  it('takes quantiles like numpy and pads log domains', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.025)).toBeCloseTo(1.075);
    const [lo, hi] = logDomain([10, 1000], 1.01);
    expect(lo).toBeLessThan(10);
    expect(hi).toBeGreaterThan(1000);
    expect(Math.log(10 / lo)).toBeCloseTo(0.05 * Math.log(100));
  });
});

describe('stable SVG ids', () => {
  it('renumbers clip ids from 1 in order of appearance, references included', () => {
    const svg = '<svg><clipPath id="clip17"/><clipPath id="clip18"/><g clip-path="url(#clip18)"/><g clip-path="url(#clip17)"/></svg>';
    expect(stableIds(svg)).toBe('<svg><clipPath id="clip1"/><clipPath id="clip2"/><g clip-path="url(#clip2)"/><g clip-path="url(#clip1)"/></svg>');
  });
});
