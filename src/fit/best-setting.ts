/**
 * Runs that differ only in a hyperparameter (learning rate, batch size, warmup, shape) measure the
 * same (N, D) point several ways; a scaling law is about the best of them. Per point, keep the
 * setting with the lowest mean loss over its seeds, all of its seeds; drop the others. Pure.
 */
export interface SettingKeys {
  /** The design point: same target N and D (or IsoFLOP budget). */
  point: string;
  /** Every hyperparameter the sweep varies; seeds of one setting share it. */
  setting: string;
  loss: number;
}

export interface SettingChoice {
  point: string;
  setting: string;
  meanLoss: number;
  /** Settings the point had; the others were dropped. */
  settings: number;
}

export function bestSettingPerPoint<T>(rows: readonly T[], keys: (row: T) => SettingKeys): { kept: T[]; choices: SettingChoice[] } {
  const keyed = rows.map((row) => ({ row, k: keys(row) })); // keys once per row: they may parse cells
  const byPoint = new Map<string, Map<string, number[]>>();
  keyed.forEach(({ k }) => {
    const settings = byPoint.get(k.point) ?? new Map<string, number[]>();
    settings.set(k.setting, [...(settings.get(k.setting) ?? []), k.loss]);
    byPoint.set(k.point, settings);
  });
  const chosen = new Map<string, string>();
  const choices: SettingChoice[] = [];
  for (const [point, settings] of byPoint) {
    let best: { setting: string; meanLoss: number } | null = null;
    for (const [setting, losses] of settings) {
      const meanLoss = losses.reduce((a, b) => a + b, 0) / losses.length;
      // Ties go to the setting seen first (CSV order), so the choice never depends on Map order.
      if (!best || meanLoss < best.meanLoss) best = { setting, meanLoss };
    }
    if (!best) continue;
    chosen.set(point, best.setting);
    if (settings.size > 1) choices.push({ point, ...best, settings: settings.size });
  }
  return { kept: keyed.filter(({ k }) => chosen.get(k.point) === k.setting).map(({ row }) => row), choices };
}
