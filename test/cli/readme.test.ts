/** The README's spec reference lists every field of the spec schema with its real default. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sweepSpecSchema } from '../../src/spec/spec.ts';

interface ZodNode {
  _zod: { def: { type: string; shape?: Record<string, ZodNode>; options?: ZodNode[]; innerType?: ZodNode; defaultValue?: unknown; values?: unknown[] } };
}
interface Field {
  where: string;
  field: string;
  /** What the table's default cell must say. */
  cell: string;
}

/** Strips default/optional wrappers; returns the inner schema and the default, if any. */
function unwrap(node: ZodNode): { inner: ZodNode; fallback: { value: unknown } | null } {
  let inner = node;
  let fallback: { value: unknown } | null = null;
  while (inner._zod.def.innerType) {
    if (inner._zod.def.type === 'default') fallback = { value: inner._zod.def.defaultValue };
    if (inner._zod.def.type === 'optional') fallback = { value: undefined };
    inner = inner._zod.def.innerType;
  }
  return { inner, fallback };
}

function cellOf(fallback: { value: unknown } | null): string {
  if (!fallback) return 'required';
  if (fallback.value === undefined) return 'none';
  return typeof fallback.value === 'object' && fallback.value !== null && !Array.isArray(fallback.value) ? '{}' : JSON.stringify(fallback.value);
}

function fieldsOf(shape: Record<string, ZodNode>, where: string, nested: boolean): Field[] {
  const out: Field[] = [];
  for (const [field, node] of Object.entries(shape)) {
    if (field === 'kind' && where !== 'spec') continue; // the row's "where" names the kind
    const { inner, fallback } = unwrap(node);
    out.push({ where, field, cell: cellOf(fallback) });
    if (!nested) continue;
    if (inner._zod.def.type === 'object') out.push(...fieldsOf(inner._zod.def.shape!, field, false));
    for (const option of inner._zod.def.options ?? []) {
      const kind = option._zod.def.shape!.kind._zod.def.values?.[0]; // a z.literal keeps its value in values
      out.push(...fieldsOf(option._zod.def.shape!, `${field} (${String(kind)})`, false));
    }
  }
  return out;
}

describe('docs/spec.md spec reference', () => {
  const readme = fs.readFileSync('docs/spec.md', 'utf8');
  const start = readme.indexOf('<!-- spec-reference:start');
  const end = readme.indexOf('<!-- spec-reference:end -->');
  const table = readme.slice(start, end);
  const rows = new Map(
    table
      .split('\n')
      .filter((line) => /^\| [^-]/.test(line) && !line.startsWith('| where'))
      .map((line) => line.split('|').map((c) => c.trim()))
      .map((cells) => [`${cells[1]} ${cells[2].replace(/`/g, '')}`, cells[3]]),
  );
  const fields = fieldsOf((sweepSpecSchema as unknown as ZodNode)._zod.def.shape!, 'spec', true);

  it('is there, between its markers', () => {
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    expect(fields.length).toBeGreaterThan(50);
  });

  it('has one row per field, with the schema\'s default, and no row for a field that does not exist', () => {
    for (const f of fields) expect(rows.get(`${f.where} ${f.field}`), `${f.where} ${f.field}`).toBe(f.cell);
    expect([...rows.keys()].sort()).toEqual(fields.map((f) => `${f.where} ${f.field}`).sort());
  });
});

describe('every command\'s help', () => {
  it('starts with a Usage: line', async () => {
    const helps = await Promise.all(
      ['collect', 'compare', 'doctor', 'export', 'fit', 'plan', 'report', 'sweep', 'watch'].map(async (name) => {
        const mod = (await import(`../../src/cli/${name}.ts`)) as Record<string, unknown>;
        return [name, mod[`${name}Help`]] as const;
      }),
    );
    for (const [name, help] of helps) expect(help, name).toMatch(new RegExp(`^Usage: toyscale ${name}`));
  });
});

describe('the README leads a new user', () => {
  const readme = fs.readFileSync('README.md', 'utf8');
  it('fits in 3,000 words, the rest in docs/', () => {
    expect(readme.split(/\s+/).filter(Boolean).length).toBeLessThanOrEqual(3000);
  });
  it('shows on its first screen a figure, the two commands, what the first prints and where to write your own', () => {
    const first = readme.split('\n').slice(0, 40).join('\n');
    const figure = /!\[[^\]]*\]\(([^)]+\.png)\)/.exec(first)?.[1];
    expect(figure && fs.existsSync(figure), `figure ${figure}`).toBe(true);
    for (const s of ['npm install && npm run sweep', 'npm test', 'determined values', '(#writing-an-experiment)']) expect(first).toContain(s);
  });
  it('links only to files that exist, and so do the docs it points to', () => {
    for (const file of ['README.md', ...fs.readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]) {
      const text = fs.readFileSync(file, 'utf8');
      const links = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]).filter((l) => !/^https?:/.test(l));
      const base = file.startsWith('docs/') ? 'docs' : '.';
      expect(links.filter((l) => !fs.existsSync(`${base}/${l}`)), file).toEqual([]);
    }
  });
});
