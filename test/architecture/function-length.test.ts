/**
 * No function in src/ runs over 80 lines, so each reads as one idea. Two are long on purpose: the
 * L-BFGS minimizer (one algorithm, read against its paper) and the trainer's step loop (read top
 * to bottom like nanoGPT's). A function is any declaration, method, arrow or function expression;
 * its length counts from its first line to its last, comments and blank lines included.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from '../helpers/source-files.ts';

const MAX_LINES = 80;
/** 'file function' of the two functions long on purpose. */
const LONG_ON_PURPOSE = new Set(['fit/lbfgs.ts minimize', 'train/train-run.ts trainRun']);
const SRC = path.resolve('src');

function nameOf(node: ts.Node): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isFunctionExpression(node)) && node.name) return node.name.getText();
  if (ts.isVariableDeclaration(node.parent) || ts.isPropertyAssignment(node.parent)) return node.parent.name.getText();
  return '(anonymous)';
}

/** Every function of one file longer than `max` lines, but those long on purpose: 'file:line name (n lines)'. */
function longFunctions(file: string, text: string, max = MAX_LINES): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > max && !LONG_ON_PURPOSE.has(`${file} ${nameOf(node)}`)) found.push(`${file}:${first + 1} ${nameOf(node)} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('function length in src/', () => {
  it(`no function runs over ${MAX_LINES} lines (but the L-BFGS minimizer and the step loop)`, () => {
    const long = sourceFiles(SRC).flatMap((file) => longFunctions(path.relative(SRC, file).split(path.sep).join('/'), fs.readFileSync(file, 'utf8')));
    expect(long).toEqual([]);
  });

  it('finds a long function (the scan would otherwise pass silently)', () => {
    const body = Array.from({ length: 90 }, (_, i) => `  const x${i} = ${i};`).join('\n');
    expect(longFunctions('a.ts', `export const f = () => {\n${body}\n};\n`)).toEqual(['a.ts:1 f (92 lines)']);
    expect(longFunctions('a.ts', `function g() {\n${body}\n}\n`, 100)).toEqual([]);
  });
});
