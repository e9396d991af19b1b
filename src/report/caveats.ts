/**
 * Why toy-scale numbers should differ from the published ones, in plain words, with this sweep's
 * own figures (from runs.csv) wherever one makes the point concrete.
 */
import { num } from '../base/format.ts';
import { doneRuns, type RunRow } from './rows.ts';

export function caveatsSection(runs: readonly RunRow[], lrTuned = false): string[] {
  const done = doneRuns(runs);
  if (done.length === 0) return [];
  const task = done[0].task;
  const bySize = [...done].sort((a, b) => a.n_nonembed - b.n_nonembed);
  const small = bySize[0];
  const large = bySize[bySize.length - 1];
  const share = (r: RunRow) => (r.n_params && r.n_params > 0 ? (r.n_params - r.n_nonembed) / r.n_params : null);
  const ns = done.map((r) => r.n_nonembed);
  const ds = done.map((r) => r.tokens);
  const lrs = [...new Set(done.map((r) => r.raw.learning_rate).filter(Boolean))];
  const maxEpochs = Math.max(...done.map((r) => r.epochs ?? 0));
  const language = !['teacher-student', 'sparse-parity', 'markov'].includes(task);
  const out: string[] = ['## Why toy-scale numbers differ from the published ones', ''];

  if (language) {
    const unit = task.endsWith('-char') ? 'character' : task.endsWith('-byte') ? 'byte' : 'token';
    const unigram = done.find((r) => r.unigram_entropy !== null)?.unigram_entropy ?? null;
    out.push(
      `- **Tokens and loss scale.** The loss here is in nats per ${unit} (task \`${task}\`), over a vocabulary of tens to a few hundred symbols; ` +
        'Kaplan and Hoffmann measure nats per BPE token over a vocabulary of about 50,000, and one BPE token carries several characters. ' +
        'So the loss level, the irreducible loss E and the coefficients A and B are on a different scale and cannot be compared; only exponents can, and only loosely' +
        (unigram !== null ? `. For scale: a model that ignores context entirely reaches the unigram entropy, ${num(unigram, 3)} nats per ${unit} (runs.csv unigram_entropy).` : '.'),
    );
  } else {
    out.push(`- **Not a language-model task.** Task \`${task}\` is synthetic; the published values describe language models, so they are a reference for the shape of the laws, not a target for these numbers.`);
  }
  const s0 = share(small);
  const s1 = share(large);
  if (s0 !== null && s1 !== null && s0 > 0) {
    out.push(
      `- **Embedding parameters.** At the smallest size here, ${pct(s0)} of all parameters are embeddings (runs.csv row ${small.row}: n_params ${small.n_params}, n_nonembed ${small.n_nonembed}); at the largest, ${pct(s1)} (row ${large.row}). ` +
        "Counting them would bend L(N) at small N, which is why Kaplan's N (and this sweep's N, n_nonembed) excludes them; Hoffmann et al. count all parameters, so their A and α are defined against a different N.",
    );
  }
  out.push(
    `- **Tiny N and D.** This sweep spans N = ${num(Math.min(...ns), 3)} to ${num(Math.max(...ns), 3)} and D = ${num(Math.min(...ds), 3)} to ${num(Math.max(...ds), 3)} (runs.csv n_nonembed, tokens). ` +
      'Kaplan et al. fitted N from 768 to 1.5 billion non-embedding parameters on up to 23 billion tokens, Hoffmann et al. 70 million to 16 billion parameters on 5 to 500 billion tokens. ' +
      'Models this small sit before the clean power-law regime both papers fit, and over a short range any curvature (an irreducible loss, a slow start) pulls a fitted exponent away from the asymptotic one; the wide intervals above say how little a few sizes pin down.',
    lrTuned
      ? `- **Tuned on a short budget.** The peak learning rates (${lrs.join(', ')}; runs.csv learning_rate) were tuned per size by this sweep's tune stage, on shorter runs than these (see "Learning rate, tuned per size"), and every size keeps one width-to-depth rule (n_layer, d_model). ` +
        'Both papers tuned per size at full length; an LR tuned on a short run is usually somewhat high for a long one, and what is left of that mismatch can still tilt α.'
      : `- **Settings not tuned per size.** Every run uses ${lrs.length === 1 ? `the same peak learning rate (${lrs[0]})` : `peak learning rates ${lrs.join(', ')}`} and one width-to-depth rule (runs.csv learning_rate, n_layer, d_model); ` +
        'the best learning rate shifts with width, and both papers tuned it per size, so the small models here may be relatively better or worse off than the large ones, which tilts α.',
  );
  if (maxEpochs > 1) out.push(`- **Repeated data.** Some runs saw their data up to ${num(maxEpochs, 3)} times (runs.csv epochs); both papers train on unique tokens, and repeated tokens are worth less.`);
  out.push('');
  return out;
}

function pct(x: number): string {
  return `${Math.round(100 * x)}%`;
}
