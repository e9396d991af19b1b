/**
 * Every law the library fits, one line each, in the order tables present them: the comparison
 * table's rows follow their owners' places here (law-record.ts `compare`), and `--law` lists
 * them so. A sweep fits them in `sweep.order` instead. Adding a law: its file exports a record
 * (defineLaw), and one line here; test/fit/registry.test.ts then checks it like every other.
 */
import { FitInputError } from '../errors.ts';
import type { LawRecord } from '../law-record.ts';
import { bnsl1, bnsl2 } from './bnsl.ts';
import { chinchilla1 } from './chinchilla1.ts';
import { chinchilla2 } from './chinchilla2.ts';
import { chinchilla3 } from './chinchilla3.ts';
import { dataConstrained } from './data-constrained.ts';
import { kaplanC, kaplanD, kaplanN } from './kaplan.ts';
import { kaplanND } from './kaplan-nd.ts';

export const LAWS = [
  kaplanN,
  kaplanD,
  kaplanC,
  kaplanND,
  chinchilla1,
  chinchilla2,
  chinchilla3,
  dataConstrained,
  bnsl1,
  bnsl2,
] as const satisfies readonly LawRecord[];

/** A registered law's record, its name a LawName. */
export type Registered = (typeof LAWS)[number];

/** A law's name, or an alias of one (bnsl for bnsl-1). */
export type LawName = Registered['name'] | NonNullable<Registered['aliases']>[number];

/** Every name `--law` accepts: each law's aliases, then its name. */
export const LAW_NAMES: readonly LawName[] = LAWS.flatMap((r): LawName[] => [...(r.aliases ?? []), r.name]);

export function isLawName(s: string): s is LawName {
  return (LAW_NAMES as readonly string[]).includes(s);
}

/** The record of a law by name or alias; undefined for a name no law has (fits.json of another version). */
export function findLaw(name: string): Registered | undefined {
  return LAWS.find((r: LawRecord) => r.name === name || (r.aliases ?? []).includes(name));
}

/** The record of a known law. */
export function lawRecord(name: LawName): Registered {
  const r = findLaw(name);
  if (!r) throw new FitInputError(`unknown law ${String(name)}; known: ${LAW_NAMES.join(', ')}`);
  return r;
}

/** The laws a sweep fits, in the order it fits them (fits.csv's order). */
export function sweepLaws(): (Registered & { sweep: NonNullable<LawRecord['sweep']> })[] {
  return LAWS.filter((r): r is Registered & { sweep: NonNullable<LawRecord['sweep']> } => r.sweep !== undefined).sort((a, b) => a.sweep.order - b.sweep.order);
}
