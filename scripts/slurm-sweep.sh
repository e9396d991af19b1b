#!/usr/bin/env bash
# A toyscale sweep as a Slurm array job: each array task trains one shard of the plan into one
# results folder on a filesystem all nodes share; the last task to finish collects, fits and writes
# the report (or run `toyscale collect <out>/<sweep>` yourself once every task has ended).
#
#   cd toyscale && sbatch --array=0-7 scripts/slurm-sweep.sh experiments/kaplan-n.ts --out /shared/results
#
# Submit from the repository root (the job runs there: SLURM_SUBMIT_DIR, or set TOYSCALE_DIR).
# Everything after the spec goes to `toyscale sweep` (--out, --backend, ...). The shard comes from
# SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT; resubmitting the same array resumes, since
# finished runs are skipped and each run folder is locked by the worker training it.
# Workers per task: one per CPU given to the task (SLURM_CPUS_PER_TASK) on CPU backends, or one
# per GPU given (--gres=gpu:N) on tensorflow-gpu; override with TOYSCALE_WORKERS.
#
#SBATCH --job-name=toyscale
#SBATCH --array=0-3
#SBATCH --cpus-per-task=2
#SBATCH --output=toyscale-%A_%a.log
# On GPU nodes add:  #SBATCH --gres=gpu:1   (and --backend tensorflow-gpu after the spec)
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: sbatch --array=0-N scripts/slurm-sweep.sh <spec.ts> [toyscale sweep options]" >&2
  exit 2
fi
if [[ -z "${SLURM_ARRAY_TASK_ID:-}" ]]; then
  echo "slurm-sweep.sh: not inside a Slurm array task; submit it with sbatch --array=0-N" >&2
  exit 2
fi
cd "${TOYSCALE_DIR:-${SLURM_SUBMIT_DIR:-.}}"
spec="$1"
shift

workers=()
if [[ -n "${TOYSCALE_WORKERS:-}" ]]; then
  workers=(--workers "$TOYSCALE_WORKERS")
elif [[ -n "${SLURM_CPUS_PER_TASK:-}" && -z "${SLURM_GPUS_ON_NODE:-}" ]]; then
  workers=(--workers "$SLURM_CPUS_PER_TASK")
fi

echo "toyscale: array task ${SLURM_ARRAY_TASK_ID} of ${SLURM_ARRAY_TASK_COUNT:-?} (job ${SLURM_ARRAY_JOB_ID:-?}) on $(hostname)"
exec node bin/toyscale.js sweep "$spec" --progress lines "${workers[@]}" "$@"
