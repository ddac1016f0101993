#!/usr/bin/env bash
# Queues an archive on Slurm: an array of N shard tasks
# (deploy/slurm/shard.sbatch), then the merge (deploy/slurm/merge.sbatch),
# which waits for every task with --dependency=afterok.
#
#   deploy/slurm/submit.sh INPUT OUT N [SBATCH_OPTION…]
#
# Shard K writes OUT.shards/K (EVALFORM_SHARDS_DIR overrides), the merge
# writes OUT, and the logs go to OUT.shards/logs/. SBATCH_OPTIONs (e.g.
# --partition=batch --cpus-per-task=8) go to both submissions; EVALFORM
# names the binary and EVALFORM_BATCH_ARGS adds batch options. Paths are
# made absolute, so the manifest names the inputs the same way wherever the
# tasks run. Prints `shards JOBID` and `merge JOBID`.
set -euo pipefail

if [ "$#" -lt 3 ]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
n="$3"
case "$n" in
  '' | *[!0-9]* | 0) echo "submit: N must be a positive whole number, not '$n'" >&2; exit 2 ;;
esac
[ -e "$1" ] || { echo "submit: $1: no such file or folder" >&2; exit 2; }
input="$(realpath -- "$1")"
out="$(realpath -m -- "$2")"
shift 3
here="$(cd "$(dirname "$0")" && pwd)"
shards_dir="$(realpath -m -- "${EVALFORM_SHARDS_DIR:-$out.shards}")"
mkdir -p "$shards_dir/logs"

export EVALFORM_IN="$input" EVALFORM_OUT="$out" EVALFORM_SHARDS_DIR="$shards_dir" EVALFORM_SHARDS="$n"
array=$(sbatch --parsable --array="1-$n" --export=ALL \
  --output="$shards_dir/logs/shard-%a.out" "$@" "$here/shard.sbatch")
array="${array%%;*}"
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes \
  --export=ALL --output="$shards_dir/logs/merge.out" "$@" "$here/merge.sbatch")
merge="${merge%%;*}"
echo "shards $array"
echo "merge $merge"
