// The watch page: polls state.json and redraws when the sweep changed. Every value from the sweep
// folder goes into the page as text (textContent), never as HTML.
/* global vegaEmbed */
'use strict';

const POLL_MS = 2000;
const views = new Map();
let lastKey = '';
let lastState = null;

async function poll() {
  try {
    const response = await fetch('state.json', { cache: 'no-store' });
    if (!response.ok) throw new Error(`state.json: HTTP ${response.status}`);
    const text = await response.text();
    const key = text.replace(/"readAt":"[^"]*"/, '');
    const state = JSON.parse(text);
    if (key !== lastKey) {
      lastKey = key;
      lastState = state;
      await render(state);
    }
    setText('poll-status', `read ${new Date(state.readAt).toLocaleTimeString()}; updates every ${POLL_MS / 1000} s`);
  } catch (error) {
    setText('poll-status', `cannot reach the watch server (${error.message}); trying again. If the sweep has ended, toyscale watch <sweepDir> serves this page again.`);
  }
  setTimeout(poll, POLL_MS);
}

async function render(state) {
  setText('sweep-name', state.sweep);
  const c = state.counts;
  const planned = state.runsPlanned === null ? '' : ` of ${state.runsPlanned} planned`;
  const stale = state.staleRuns > 0 ? `; ${state.staleRuns} folder(s) of an earlier plan left out` : '';
  const tuning = state.tune.length > 0 && state.runs.length === 0 ? ' — the tune stage trains first: its runs are below' : '';
  setText('counts', `${state.runs.length} run folders${planned}: ${c.done} done, ${c.running} running, ${c.failed} failed, ${c.diverged} diverged, ${c.unfinished} unfinished${stale}` + (state.finished ? ' — sweep finished' : '') + tuning);
  renderRuns(state.runs);
  renderFits(state);
  renderTune(state.tune);
  await Promise.all([
    draw('chart-eval', curveSpec(state, 'eval_loss', 'Held-out loss')),
    draw('chart-train', curveSpec(state, 'train_loss', 'Training loss')),
    draw('chart-fit', fitSpec(state)),
    ...(state.tune.length > 0 ? [draw('chart-tune', tuneSpec(state.tune))] : []),
  ]);
}

// What the curves are coloured by: a label per run and a number that orders the labels.
const COLOUR_BY = {
  N: { title: 'N (non-embedding)', label: (r) => sizeLabel(r.nNonembed), order: (r) => r.nNonembed ?? 0 },
  D: { title: 'D (tokens)', label: (r) => (r.tokensPlanned === null ? 'D unknown' : `D = ${formatSi(r.tokensPlanned)}`), order: (r) => r.tokensPlanned ?? 0 },
  LR: { title: 'learning rate', label: (r) => (r.learningRate === null ? 'LR unknown' : `lr = ${+r.learningRate.toPrecision(3)}`), order: (r) => r.learningRate ?? 0 },
  seed: { title: 'seed', label: (r) => (r.seed === null ? 'seed unknown' : `seed ${r.seed}`), order: (r) => r.seed ?? 0 },
};

function colourBy() {
  return COLOUR_BY[document.getElementById('colour-by').value] ?? COLOUR_BY.N;
}

// The tune stage: its runs' table, and each run's latest held-out loss against its learning rate.
function renderTune(tune) {
  const section = document.getElementById('tune-section');
  section.hidden = tune.length === 0;
  if (tune.length === 0) return;
  const done = tune.filter((r) => r.status === 'done' || r.status === 'diverged').length;
  setText('tune-note', `${tune.length} tune runs: ${done} ended; the main runs start once every tune run has ended.`);
  const body = document.querySelector('#tune tbody');
  // By N, then learning rate, then seed: the grid as the tune stage fits it.
  const key = (r) => [r.nNonembed ?? Infinity, r.learningRate ?? Infinity, r.seed ?? Infinity];
  const sorted = [...tune].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2] || (a.id < b.id ? -1 : 1);
  });
  body.replaceChildren(
    ...sorted.map((run) => {
      const { last, lastEval } = latest(run);
      const tr = runRow(run);
      tr.append(
        numCell(run.learningRate, (v) => String(+v.toPrecision(3)), 'lr'),
        numCell(run.seed),
        numCell(last ? last.step : null),
        numCell(lastEval ? lastEval.eval_loss : null, (v) => v.toFixed(4), 'eval'),
        cell(run.error ?? run.reason ?? ''),
      );
      return tr;
    }),
  );
}

function tuneSpec(tune) {
  const values = tune.flatMap((run) => {
    const lastEval = [...run.points].reverse().find((p) => p.eval_loss !== null && p.tokens > 0);
    return lastEval && run.learningRate !== null && lastEval.eval_loss > 0
      ? [{ lr: run.learningRate, loss: lastEval.eval_loss, N: sizeLabel(run.nNonembed), n: run.nNonembed ?? 0, run: run.id }]
      : [];
  });
  if (values.length === 0) return emptySpec('Tune stage: loss against learning rate', 'no tune run has evaluated after 0 tokens yet');
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Tune stage: loss against learning rate',
    width: 480,
    height: 300,
    data: { values },
    mark: { type: 'line', point: { size: 40, filled: true } },
    encoding: {
      x: { field: 'lr', type: 'quantitative', scale: logScale(values.map((v) => v.lr)), title: 'peak learning rate (log)', axis: { labelOverlap: 'greedy', format: '.2~g' } },
      y: { field: 'loss', type: 'quantitative', scale: logScale(values.map((v) => v.loss)), title: 'latest held-out loss (log)', axis: { labelOverlap: 'greedy' } },
      color: { field: 'N', type: 'ordinal', sort: { field: 'n' }, scale: { scheme: 'viridis' }, title: 'N (non-embedding)' },
      detail: { field: 'N' },
      tooltip: [{ field: 'run' }, { field: 'lr' }, { field: 'loss', format: '.4f' }],
    },
  };
}

function sizeLabel(n) {
  return n === null ? 'N unknown' : `N = ${formatSi(n)}`;
}

// A chart with nothing to draw yet keeps its size and says why (a log scale over no data would
// make vega-lite size the chart to the largest double and cover the page).
function emptySpec(title, message) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 480,
    height: 300,
    data: { values: [{ message }] },
    mark: { type: 'text', fontSize: 13, color: '#666' },
    encoding: { text: { field: 'message' }, x: { value: 240 }, y: { value: 150 } },
  };
}

// Log axes label a few round values in SI form, and drop labels that would overlap.
const LOG_AXIS = { format: '~s', labelOverlap: 'greedy', labelFlush: true };

function curveSpec(state, field, title) {
  const by = colourBy();
  const values = [];
  for (const run of state.runs) {
    for (const p of run.points) {
      const y = p[field];
      if (p.tokens > 0 && y !== null && y > 0) values.push({ tokens: p.tokens, loss: y, run: run.id, group: by.label(run), order: by.order(run) });
    }
  }
  if (values.length === 0) return emptySpec(title, 'no logged point after 0 tokens yet');
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 480,
    height: 300,
    data: { values },
    mark: { type: 'line', point: { size: 14, filled: true }, strokeWidth: 1.4, clip: true },
    encoding: {
      x: { field: 'tokens', type: 'quantitative', scale: logScale(values.map((v) => v.tokens)), title: 'tokens seen (log)', axis: LOG_AXIS },
      y: { field: 'loss', type: 'quantitative', scale: logScale(values.map((v) => v.loss)), title: `${title} (log)`, axis: { labelOverlap: 'greedy' } },
      detail: { field: 'run' },
      color: { field: 'group', type: 'ordinal', sort: { field: 'order' }, scale: { scheme: 'viridis' }, title: by.title },
      tooltip: [{ field: 'run' }, { field: 'group' }, { field: 'tokens', format: '~s' }, { field: 'loss', format: '.4f' }],
    },
  };
}

function fitSpec(state) {
  const points = state.runs
    .filter((r) => (r.status === 'done' || r.status === 'diverged') && r.finalEvalLoss !== null && r.nNonembed !== null)
    .map((r) => ({ N: r.nNonembed, loss: r.finalEvalLoss, run: r.id, what: r.tokensTrained === null ? 'finished run' : `finished run, D = ${formatSi(r.tokensTrained)}`, d: r.tokensTrained ?? 0 }));
  if (points.length === 0) return emptySpec('Loss against N', 'no finished run yet: each point is a run\'s final held-out loss');
  const final = state.fits.find((f) => f.law === 'kaplan-n' && f.lineN);
  const provisional = state.provisional.find((f) => f.label === 'kaplan-n');
  const fit = final ?? provisional;
  const name = final ? 'kaplan-n' : `kaplan-n, provisional (${provisional?.points} runs)`;
  const subset = fit?.subset ? ` on ${fit.subset}` : '';
  const line = fit ? fit.lineN.map((p) => ({ N: p.N, loss: p.loss, what: `${name}${subset}: α_N = ${fit.params.alpha_N.toPrecision(3)}` })) : [];
  const all = [...points, ...line];
  const x = { field: 'N', type: 'quantitative', scale: logScale(all.map((p) => p.N)), title: 'N, non-embedding parameters (log)', axis: LOG_AXIS };
  const y = { field: 'loss', type: 'quantitative', scale: logScale(all.map((p) => p.loss)), title: 'final held-out loss (log)', axis: { labelOverlap: 'greedy' } };
  // One colour per D (runs of several D in one grey would read as one L(N)), the fitted line apart.
  const labels = [...new Set([...points].sort((a, b) => a.d - b.d).map((p) => p.what)), ...new Set(line.map((p) => p.what))];
  const greys = ['#111', '#555', '#888', '#aaa', '#ccc'];
  const range = labels.map((l, i) => (line.some((p) => p.what === l) ? '#d95f02' : greys[i % greys.length]));
  const color = { field: 'what', type: 'nominal', title: null, scale: { domain: labels, range }, legend: { labelLimit: 420 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Loss against N',
    width: 480,
    height: 300,
    layer: [
      { data: { values: points }, mark: { type: 'point', filled: true, size: 50 }, encoding: { x, y, color, tooltip: [{ field: 'run' }, { field: 'loss', format: '.4f' }] } },
      { data: { values: line }, mark: { type: 'line', strokeDash: [6, 3] }, encoding: { x, y, color } },
    ],
  };
}

// A log scale fitted to the data (padded a little), not widened to whole decades: losses span
// a few percent and would be a flat line on 1..10.
function logScale(values) {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return { type: 'log' };
  const lo = Math.min(...positive);
  const hi = Math.max(...positive);
  const pad = Math.max(1.03, (hi / lo) ** 0.05);
  return { type: 'log', nice: false, domain: [lo / pad, hi * pad] };
}

async function draw(id, spec) {
  const old = views.get(id);
  const result = await vegaEmbed(`#${id}`, spec, { actions: false, renderer: 'svg' });
  if (old) old.finalize();
  views.set(id, result.view);
}

// Runs in the order of the sweep's design: by N, then D, then id (numbers as numbers, unknown last).
function byDesign(a, b) {
  const n = (r) => (r.nNonembed === null ? Infinity : r.nNonembed);
  const d = (r) => r.tokensTrained ?? r.tokensPlanned ?? Infinity;
  return n(a) - n(b) || d(a) - d(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function renderRuns(runs) {
  const body = document.querySelector('#runs tbody');
  body.replaceChildren(
    ...[...runs].sort(byDesign).map((run) => {
      const { last, lastEval, lastTrain } = latest(run);
      const tr = runRow(run);
      tr.append(
        numCell(last ? last.step : null),
        cell(last ? `${formatSi(last.tokens)}${run.tokensPlanned ? ` / ${formatSi(run.tokensPlanned)}` : ''}` : '', 'num'),
        numCell(lastTrain ? lastTrain.train_loss : null, (v) => v.toFixed(4), 'train'),
        numCell(lastEval ? lastEval.eval_loss : null, (v) => v.toFixed(4), 'eval'),
        cell(run.status === 'running' ? remaining(run, last) : ''),
        cell(run.error ?? run.reason ?? ''),
      );
      return tr;
    }),
  );
}

// A run's latest logged row, and its latest row with a held-out and with a training loss.
function latest(run) {
  const reversed = [...run.points].reverse();
  return { last: run.points[run.points.length - 1], lastEval: reversed.find((p) => p.eval_loss !== null), lastTrain: reversed.find((p) => p.train_loss !== null) };
}

// A table row for a run, opened with its id, status and N.
function runRow(run) {
  const tr = document.createElement('tr');
  tr.dataset.run = run.id;
  tr.append(cell(run.id), cell(run.status, `status-${run.status}`), numCell(run.nNonembed, formatSi));
  return tr;
}

// Time left for a running run at its pace so far (tokens per second since its first row).
function remaining(run, last) {
  const first = run.points[0];
  if (!last || !first || !run.tokensPlanned || last.seconds === null || first.seconds === null || last.tokens <= first.tokens) return '';
  const rate = (last.tokens - first.tokens) / (last.seconds - first.seconds);
  if (!(rate > 0)) return '';
  const seconds = Math.max(0, (run.tokensPlanned - last.tokens) / rate);
  return seconds < 90 ? `${Math.round(seconds)} s` : seconds < 5400 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;
}

function renderFits(state) {
  const provisional = state.provisional.length > 0 ? ` Until then, kaplan-n is fitted here on the ${state.provisional[0].points} runs done so far (${state.provisional[0].subset}), as toyscale fit would, without intervals or hold-out.` : '';
  setText('fits-note', state.fitsProblem ?? (state.fits.length === 0 ? `no fits.json yet: it is written when the sweep ends (or by toyscale fit).${provisional}` : ''));
  const rows = state.fits.length > 0 ? state.fits : state.provisional.map((f) => ({ ...f, label: `${f.label} (provisional)`, law: f.label, rmseLog: null, holdoutRelError: null }));
  const body = document.querySelector('#fits tbody');
  body.replaceChildren(
    ...rows.map((fit) => {
      const tr = document.createElement('tr');
      tr.dataset.law = fit.law;
      // A value a trust flag applies to is shown as not determined, with the flags' codes.
      const flagsOf = (k) => [...new Set((fit.flags ?? []).filter((f) => f.param === undefined || f.param === k).map((f) => f.code))];
      const params = Object.entries(fit.params)
        .map(([k, v]) => (flagsOf(k).length > 0 ? `${k} = (${v.toPrecision(4)}, not determined: ${flagsOf(k).join(' ')})` : `${k} = ${v.toPrecision(4)}`))
        .join(', ');
      tr.append(
        cell(fit.label),
        cell(fit.formula),
        cell(params),
        numCell(fit.points),
        numCell(fit.rmseLog, (v) => v.toPrecision(3)),
        numCell(fit.holdoutRelError, (v) => `${(100 * v).toFixed(1)} %`),
      );
      return tr;
    }),
  );
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

// The exact value rides along in data-value, so a test can compare it with the CSV.
function numCell(value, format = String, field) {
  const td = cell(value === null || value === undefined ? '' : format(value), 'num');
  if (value !== null && value !== undefined) td.dataset.value = String(value);
  if (field) td.dataset.field = field;
  return td;
}

function formatSi(n) {
  const units = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [scale, suffix] of units) if (Math.abs(n) >= scale) return `${+(n / scale).toPrecision(3)}${suffix}`;
  return String(+n.toPrecision(3));
}

function setText(id, text) {
  document.getElementById(id).textContent = text;
}

document.getElementById('colour-by').addEventListener('change', () => {
  if (lastState) render(lastState);
});

poll();
