/** The top of report.md: which sweep, when, where, how long; from sweep.json and runs.csv. */
import { duration, mdTable, num } from '../base/format.ts';
import type { ReportInputs } from './inputs.ts';

export function headerSection(inputs: ReportInputs): string[] {
  const { meta, runs } = inputs;
  const count = (status: string) => runs.filter((r) => r.status === status).length;
  const runBackends = unique(runs.map((r) => r.backend));
  const runDevices = unique(runs.map((r) => r.device));
  const seconds = runs.reduce((s, r) => s + (r.seconds ?? 0), 0);
  const flops = runs.reduce((s, r) => s + (r.flops ?? 0), 0);
  const rows: string[][] = [
    ['spec', meta.specFile ? `\`${meta.specFile}\`` : 'unknown', 'sweep.json specFile'],
    ['started', stamp(meta.startedAt), 'sweep.json startedAt'],
    ['finished', stamp(meta.finishedAt), 'sweep.json finishedAt'],
    ['backend', [meta.backend, ...runBackends.filter((b) => b !== meta.backend)].filter(Boolean).join(', ') || 'unknown', 'sweep.json backend; runs.csv backend'],
    ['device', [meta.device, ...runDevices.filter((d) => d !== meta.device)].filter(Boolean).join('; ') || 'unknown', 'sweep.json device; runs.csv device'],
    ['workers', meta.workers === undefined ? 'unknown' : String(meta.workers), 'sweep.json workers'],
    ['wall time', wallTime(meta), meta.invocations ? 'sweep.json wallSeconds: summed over invocations, each from its start (tune stage included) to its last run' : 'sweep.json wallSeconds (the last sweep command; a resumed sweep counts only its last part)'],
    ['runs', `${runs.length}: ${count('done')} done, ${count('diverged')} diverged, ${count('failed')} failed${count('unfinished') > 0 ? `, ${count('unfinished')} unfinished` : ''}`, 'runs.csv status'],
    ['training time', `${duration(seconds)} summed over runs`, 'runs.csv seconds'],
    ['training compute', `${num(flops, 3)} FLOPs counted`, 'runs.csv flops'],
  ];
  return [`# Sweep ${inputs.name}`, '', mdTable(['', '', 'from'], rows), ''];
}

function wallTime(meta: ReportInputs['meta']): string {
  if (meta.wallSeconds === undefined) return 'unknown';
  const parts = meta.invocations ?? [];
  if (parts.length <= 1) return duration(meta.wallSeconds);
  const stopped = parts.filter((p) => p.interrupted).length;
  return `${duration(meta.wallSeconds)} over ${parts.length} sweep commands (${parts.map((p) => duration(p.wallSeconds)).join(' + ')}${stopped > 0 ? `; ${stopped} interrupted` : ''})`;
}

function stamp(iso: string | undefined): string {
  if (!iso) return 'unknown';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))];
}
