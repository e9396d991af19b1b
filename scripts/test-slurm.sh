#!/usr/bin/env bash
# A real Slurm test of scripts/slurm-sweep.sh: installs Debian's slurm-wlm and munge (root, apt),
# starts a one-node cluster on this machine (munged, slurmctld and slurmd, talking over 127.0.0.1,
# all state in a temp folder), submits the smoke sweep as a 2-task array, waits, collects, and
# checks the merged runs.csv and curves.csv against a local single-process run of the same spec
# (timing columns ignored; every other cell must be identical). `npm run test:slurm`.
# Stops only the daemons it started. Takes a few minutes, most of it apt.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
spec="${1:-experiments/smoke.ts}"
work="$(mktemp -d "${TMPDIR:-/tmp}/toyscale-slurm.XXXXXX")"
started_munge=""

say() { echo "test-slurm: $*"; }
cleanup() {
  local rc=$?
  for pidfile in "$work/slurmd.pid" "$work/slurmctld.pid"; do
    [[ -s "$pidfile" ]] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  [[ -n "$started_munge" && -s /run/munge/munged.pid ]] && kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true
  if [[ $rc -ne 0 ]]; then
    say "FAILED (exit $rc); logs:"
    tail -n 20 "$work"/*.log 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# 1. Packages.
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  say "installing slurm-wlm and munge"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq slurm-wlm munge >/dev/null
fi

# 2. munge: the key the package made, a daemon running as the munge user.
if ! munge -n >/dev/null 2>&1; then
  [[ -s /etc/munge/munge.key ]] || mungekey --create --keyfile=/etc/munge/munge.key
  chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
  mkdir -p /run/munge && chown munge:munge /run/munge && chmod 755 /run/munge
  runuser -u munge -- /usr/sbin/munged
  started_munge=1
  for _ in $(seq 50); do munge -n >/dev/null 2>&1 && break; sleep 0.1; done
fi
munge -n | unmunge >/dev/null

# 3. A one-node cluster, configured and kept entirely in $work.
host="$(hostname -s)"
cpus="$(nproc)"
mem="$(awk '/MemTotal/ {print int($2 / 1024 / 2)}' /proc/meminfo)"
mkdir -p "$work/state" "$work/spool"
cat > "$work/slurm.conf" <<CONF
ClusterName=toyscale-test
SlurmctldHost=${host}(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
MinJobAge=600
NodeName=toyscale-node NodeHostname=${host} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${mem} State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
say "starting slurmctld and slurmd (${cpus} CPUs)"
slurmctld -c -f "$SLURM_CONF"
slurmd -N toyscale-node -f "$SLURM_CONF"
for _ in $(seq 100); do
  sinfo -h -o '%t' 2>/dev/null | grep -qE '^(idle|mix)' && break
  sleep 0.2
done
sinfo -h -o '%t' | grep -qE '^(idle|mix)' || { say "the node did not come up: $(sinfo -h 2>&1)"; exit 1; }

# 4. The sweep as a 2-task array, one CPU each, into a shared results folder.
out="$work/results"
job="$(sbatch --parsable --array=0-1 --cpus-per-task=1 --chdir="$repo" --output="$work/job-%A_%a.log" \
  scripts/slurm-sweep.sh "$spec" --out "$out" --backend wasm)"
say "submitted array job $job"
for _ in $(seq 600); do
  [[ -z "$(squeue -h -j "$job" 2>/dev/null)" ]] && break
  sleep 1
done
[[ -z "$(squeue -h -j "$job")" ]] || { say "array job $job still queued or running after 10 min"; exit 1; }
states="$(scontrol -o show job "$job" | grep -o 'JobState=[A-Z_]*' | sort | uniq -c | tr -s ' ')"
say "array tasks ended:${states}"
[[ "$(scontrol -o show job "$job" | grep -c 'JobState=COMPLETED')" -eq 2 ]] || { cat "$work"/job-*.log; exit 1; }
for log in "$work"/job-*.log; do grep -E 'array task|shard' "$log" | sed "s|^|  $(basename "$log"): |"; done

# 5. Merge, run the same spec locally in one process, compare.
name="$(basename "$spec" .ts)"
node bin/toyscale.js collect "$out/$name"
node bin/toyscale.js sweep "$spec" --out "$work/local" --backend wasm --progress quiet >/dev/null 2>&1
node --import tsx scripts/compare-csv.ts "$out/$name/runs.csv" "$work/local/$name/runs.csv"
node --import tsx scripts/compare-csv.ts "$out/$name/curves.csv" "$work/local/$name/curves.csv"
say "PASSED: the 2-task Slurm array's merged runs.csv equals the local run's"
