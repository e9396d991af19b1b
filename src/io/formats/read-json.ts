/**
 * Reading a JSON file against its schema. The answer is a state, never an exception: a file that
 * is missing, is not JSON or does not fit its schema is reported with a one-line reason, and the
 * caller decides what that means (for a run: unfinished).
 */
import fs from 'node:fs';
import type { z } from 'zod';

export type FileRead<T> = { state: 'ok'; value: T } | { state: 'missing' } | { state: 'invalid'; problem: string };

export function readJsonFile<S extends z.ZodType>(file: string, schema: S): FileRead<z.output<S>> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { state: 'missing' };
    return { state: 'invalid', problem: `${file}: cannot read (${code ?? (error as Error).message})` };
  }
  return parseJsonText(file, text, schema);
}

/** The same state for text already read (`file` names it in the reason). */
export function parseJsonText<S extends z.ZodType>(file: string, text: string, schema: S): FileRead<z.output<S>> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { state: 'invalid', problem: `${file}: not JSON (${(error as Error).message.split('\n')[0]})` };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { state: 'ok', value: parsed.data };
  const issue = parsed.error.issues[0];
  return { state: 'invalid', problem: `${file}: ${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}` };
}

/** The value, or null when the file is missing or invalid. */
export function valueOf<T>(read: FileRead<T>): T | null {
  return read.state === 'ok' ? read.value : null;
}
