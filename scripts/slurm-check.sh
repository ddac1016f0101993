#!/usr/bin/env bash
# Runs deploy/slurm/ on a real Slurm on this one machine and checks it:
# installs slurm-wlm and munge from Debian when missing, starts munged,
# slurmctld and slurmd on loopback with a configuration in a temporary
# folder, submits samples/ as an array of 3 shards and the merge after it,
# requeues one shard task in the middle of its run, and checks that the merged
# output equals one plain `evalform batch samples` run byte for byte (every
# file but the hidden state; the manifest's measured milliseconds aside) and
# that the requeued task resumed. Every daemon it started is stopped on exit,
# on failure too. Exit 0 when all holds.
#
#   scripts/slurm-check.sh            # builds target/release/evalform if missing
#   EVALFORM_BIN=path scripts/slurm-check.sh
#   SLURM_CHECK_KEEP=1 …              # keep the temporary folder (logs, outputs)
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
started_at=$(date +%s)
say() { echo "slurm-check: $*"; }
fail() { echo "slurm-check: FAILED: $*" >&2; exit 1; }

# --- 1. Slurm and munge from Debian -----------------------------------------
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null \
  || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  say "installing slurm-wlm and munge from Debian"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  # The packages' own services must not start: this check runs its own.
  guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    guard=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$guard" >/dev/null
    $sudo chmod 755 "$guard"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq slurm-wlm munge >/dev/null
  [ -z "$guard" ] || $sudo rm -f "$guard"
fi
[ "$(id -u)" -eq 0 ] || fail "slurmd runs jobs as their user and must start as root; run as root"

bin="${EVALFORM_BIN:-$repo/target/release/evalform}"
if [ ! -x "$bin" ]; then
  say "building $bin"
  cargo build --release --bin evalform
fi
bin="$(realpath "$bin")"

# --- 2. A one-machine cluster in a temporary folder --------------------------
tmp="$(mktemp -d /tmp/evalform-slurm.XXXXXX)"
chmod 755 "$tmp" # munged wants the socket's folder reachable by every user
mkdir -m 700 "$tmp/munge"
mkdir -m 755 "$tmp/run"
mkdir -p "$tmp/state" "$tmp/spool" "$tmp/log"
export SLURM_CONF="$tmp/slurm.conf"
munge_socket="$tmp/run/munge.sock"

daemon_pids() {
  local f
  for f in "$tmp/run/munged.pid" "$tmp/run/slurmctld.pid" "$tmp/run/slurmd.pid"; do
    [ -s "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"
  done
  return 0
}

cleanup() {
  local rc=$? pid i
  trap - EXIT INT TERM
  set +e
  if [ -s "$tmp/run/slurmctld.pid" ] && kill -0 "$(cat "$tmp/run/slurmctld.pid")" 2>/dev/null; then
    # Jobs first (their processes belong to slurmstepd, which outlives slurmd).
    scancel --quiet --full --user=root 2>/dev/null
    for i in $(seq 1 50); do
      [ -z "$(squeue -h 2>/dev/null)" ] && break
      sleep 0.2
    done
    scontrol shutdown 2>/dev/null
  fi
  [ -S "$munge_socket" ] && munged -s -S "$munge_socket" >/dev/null 2>&1
  for i in $(seq 1 50); do
    [ -z "$(daemon_pids)" ] && break
    sleep 0.2
  done
  for pid in $(daemon_pids); do
    echo "slurm-check: daemon $pid did not stop; killing it" >&2
    kill -9 "$pid" 2>/dev/null
  done
  if [ "$rc" -ne 0 ]; then
    for f in "$tmp"/log/*.log "$tmp"/work/out.shards/logs/*.out; do
      [ -f "$f" ] && { echo "--- $f (last lines)" >&2; tail -n 15 "$f" >&2; }
    done
  fi
  if [ "$rc" -ne 0 ] || [ -n "${SLURM_CHECK_KEEP:-}" ]; then
    echo "slurm-check: kept $tmp" >&2
  else
    rm -rf "$tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Two free TCP ports on loopback, so the check never meets another Slurm.
free_port() {
  local p
  for p in $(seq "$1" $(($1 + 200))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
  fail "no free port from $1"
}
ctld_port=$(free_port 16817)
slurmd_port=$(free_port $((ctld_port + 1)))
cpus=$(nproc)

mungekey --create --keyfile="$tmp/munge/munge.key"
munged -S "$munge_socket" --key-file="$tmp/munge/munge.key" \
  --log-file="$tmp/log/munged.log" --pid-file="$tmp/run/munged.pid" \
  --seed-file="$tmp/munge/seed"
say "munged started (socket $munge_socket)"

cat >"$SLURM_CONF" <<CONF
# A one-machine Slurm for scripts/slurm-check.sh: loopback only, no cgroups,
# no accounting database.
ClusterName=evalformcheck
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
CommunicationParameters=NoInAddrAny
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$munge_socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=600
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/run/slurmctld.pid
SlurmdPidFile=$tmp/run/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=4096 State=UNKNOWN
PartitionName=check Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF

slurmctld -i -f "$SLURM_CONF"
slurmd -N localhost -f "$SLURM_CONF"
for i in $(seq 1 100); do
  state=$(sinfo -h -n localhost -o %T 2>/dev/null || true)
  [ "$state" = idle ] && break
  [ "$i" -eq 100 ] && fail "the node never became idle (sinfo says '$state')"
  sleep 0.3
done
say "load average $(cut -d' ' -f1-3 /proc/loadavg)"
say "slurmctld (port $ctld_port) and slurmd (port $slurmd_port) up: localhost idle, $cpus CPUs"

# --- 3. The reference: one plain batch run -----------------------------------
work="$tmp/work"
mkdir -p "$work"
samples="$repo/samples"
t0=$(date +%s)
# A time limit far above any sample's, so the machine's load cannot turn a
# slow file into a failure in one run and not in the other.
batch_args="--timeout 900"
rc=0
# shellcheck disable=SC2086
"$bin" batch "$samples" -o "$work/reference" --no-progress $batch_args >"$work/reference.txt" 2>&1 || rc=$?
[ "$rc" -le 1 ] || { cat "$work/reference.txt" >&2; fail "the reference batch exited $rc"; }
say "reference run: $(grep -E '^[0-9]+ files: ' "$work/reference.txt") in $(($(date +%s) - t0)) s"

# --- 4. The array and the merge, one task requeued mid-run -------------------
t0=$(date +%s)
ids=$(EVALFORM="$bin" EVALFORM_BATCH_ARGS="$batch_args" deploy/slurm/submit.sh "$samples" "$work/out" 3 --cpus-per-task=1)
array=$(echo "$ids" | awk '$1 == "shards" {print $2}')
merge=$(echo "$ids" | awk '$1 == "merge" {print $2}')
[ -n "$array" ] && [ -n "$merge" ] || fail "submit.sh printed no job ids: $ids"
say "submitted array job $array (3 shards) and merge job $merge (afterok:$array)"

job_state() { scontrol show job -o "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -n 1 | cut -d= -f2; }
records() { find "$work/out.shards/$1/.evalform/records" -name '*.json' 2>/dev/null | wc -l; }

# The first task seen running with some files done is requeued: Slurm kills
# it, puts it back in the queue, and it starts again in the same folder.
victim=""
deadline=$((SECONDS + 600))
while [ -z "$victim" ] && [ "$SECONDS" -lt "$deadline" ]; do
  for k in 1 2 3; do
    if [ "$(records "$k")" -ge 1 ] && [ "$(job_state "${array}_$k")" = RUNNING ]; then
      victim=$k
      break
    fi
  done
  [ -n "$victim" ] || [ -n "$(squeue -h -j "$array" 2>/dev/null)" ] \
    || fail "every shard task ended before one could be requeued in its run"
  sleep 0.3
done
[ -n "$victim" ] || fail "no shard task was seen running with a file done"
done_before=$(records "$victim")
scontrol requeue "${array}_$victim"
# A requeued job waits a while before it may start again; not here.
scontrol update jobid="${array}_$victim" StartTime=now
say "requeued task ${array}_$victim after $done_before file(s) of its shard were done"

last=""
deadline=$((SECONDS + 900))
while [ "$SECONDS" -lt "$deadline" ]; do
  state=$(job_state "$merge")
  case "$state" in
    COMPLETED) break ;;
    PENDING | RUNNING | CONFIGURING | COMPLETING | '') ;;
    *) fail "merge job $merge ended $state" ;;
  esac
  reason=$(scontrol show job -o "$merge" | grep -o 'Reason=[A-Za-z_]*' | cut -d= -f2)
  [ "$reason" != DependencyNeverSatisfied ] || fail "a shard task failed: the merge can never run"
  now=$(squeue -h -o '%i:%T' | sort | tr '\n' ' ')
  if [ "$now" != "$last" ]; then
    say "queue: ${now:-empty}"
    last="$now"
  fi
  sleep 1
done
[ "$(job_state "$merge")" = COMPLETED ] || fail "the merge job did not finish in 15 minutes"
say "array and merge finished in $(($(date +%s) - t0)) s"

# --- 5. The checks ------------------------------------------------------------
for k in 1 2 3; do
  st=$(job_state "${array}_$k")
  [ "$st" = COMPLETED ] || fail "shard task ${array}_$k ended $st"
done
restarts=$(scontrol show job -o "${array}_$victim" | grep -o 'Restarts=[0-9]*' | cut -d= -f2)
[ "${restarts:-0}" -ge 1 ] || fail "task ${array}_$victim shows no restart"
log="$work/out.shards/logs/shard-$victim.out"
grep -q "attempt 2" "$log" || fail "$log shows no second attempt"
# The second attempt's summary: "N files: … (R done by an earlier run)".
summary=$(grep -E '^[0-9]+ files: ' "$log" | tail -n 1)
reused=$(echo "$summary" | sed -nE 's/.*\(([0-9]+) done by an earlier run\).*/\1/p')
files=$(echo "$summary" | sed -nE 's/^([0-9]+) files: .*/\1/p')
[ "${reused:-0}" -ge 1 ] || fail "the requeued task redid everything: $summary"
[ "$reused" -lt "$files" ] || fail "the requeue landed after the task's last file: $summary"
say "task ${array}_$victim resumed: $summary"

# Every output file but the hidden state, the manifest's timings blanked.
snapshot() {
  (cd "$1" && find . -path ./.evalform -prune -o -type f -print | LC_ALL=C sort)
}
blank() { sed -E 's/"milliseconds":[0-9]+/"milliseconds":null/' "$1"; }
diff <(snapshot "$work/reference") <(snapshot "$work/out") >/dev/null \
  || { diff <(snapshot "$work/reference") <(snapshot "$work/out") >&2; fail "the merge holds other files than one run"; }
count=0
while IFS= read -r f; do
  if [ "$f" = ./manifest.jsonl ]; then
    cmp -s <(blank "$work/reference/$f") <(blank "$work/out/$f") || fail "manifest.jsonl differs (timings aside)"
  else
    cmp -s "$work/reference/$f" "$work/out/$f" || fail "$f differs from one run's"
  fi
  count=$((count + 1))
done < <(snapshot "$work/reference")
grep -q '"milliseconds":[0-9]' "$work/out/manifest.jsonl" || fail "manifest.jsonl has no timings to blank: the comparison is not what it claims"
say "merged output equals one run byte for byte: $count files ($(ls "$work/out/json" | wc -l) JSON documents, $(ls "$work/out"/*.csv | wc -l) CSV tables, manifest)"
say "ok in $(($(date +%s) - started_at)) s"
