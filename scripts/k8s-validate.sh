#!/usr/bin/env bash
# Validates the Kubernetes manifests under deploy/ offline, against the
# Kubernetes API schemas that the PyPI package kubernetes-validate ships
# (strict: unknown fields are errors), and renders each kustomization with
# `kubectl kustomize` (Debian's kubernetes-client) to validate the workflow
# exactly as `kubectl apply -k` would send it. Installs both when missing.
# Exit 0 when every manifest validates.
#
#   scripts/k8s-validate.sh [KUBERNETES_VERSION]    # default 1.33
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-1.33}"
say() { echo "k8s-validate: $*"; }
fail() { echo "k8s-validate: FAILED: $*" >&2; exit 1; }

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! command -v kubernetes-validate >/dev/null; then
  say "installing kubernetes-validate from PyPI"
  if ! python3 -m pip --version >/dev/null 2>&1; then
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-pip >/dev/null
  fi
  python3 -m pip install --quiet kubernetes-validate 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages kubernetes-validate
  hash -r
fi
validate=(kubernetes-validate)
command -v kubernetes-validate >/dev/null || validate=(python3 -m kubernetes_validate)
if ! command -v kubectl >/dev/null; then
  say "installing kubernetes-client (kubectl) from Debian"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq kubernetes-client >/dev/null
fi

# Fails on an error, and on a resource it has no schema for (a mistyped
# apiVersion or kind would otherwise pass with a warning).
check() {
  local label="$1" out
  shift
  if ! out=$("${validate[@]}" --strict -k "$version" "$@" 2>&1); then
    echo "$out" >&2
    fail "$label does not validate"
  fi
  if grep -q "Couldn't find schema" <<<"$out"; then
    echo "$out" >&2
    fail "$label holds a resource with no known schema"
  fi
  grep -c ' passed for resource ' <<<"$out"
}

mapfile -t files < <(find deploy -type f \( -name '*.yaml' -o -name '*.yml' \) | LC_ALL=C sort)
[ "${#files[@]}" -gt 0 ] || fail "no manifests under deploy/"
for f in "${files[@]}"; do
  if grep -q '^kind: Kustomization' "$f"; then
    dir="$(dirname "$f")"
    rendered="$(mktemp)"
    kubectl kustomize "$dir" >"$rendered" || { rm -f "$rendered"; fail "kubectl kustomize $dir failed"; }
    n=$(check "$f (rendered)" "$rendered") || { rm -f "$rendered"; exit 1; }
    rm -f "$rendered"
    # Every manifest beside it belongs to the workflow it applies.
    for other in "$dir"/*.yaml "$dir"/*.yml; do
      [ -f "$other" ] && [ "$other" != "$f" ] || continue
      grep -qx "  - $(basename "$other")" "$f" || fail "$f does not list $(basename "$other")"
    done
    say "$f: rendered, $n resources valid"
  else
    n=$(check "$f" "$f")
    say "$f: $n resources valid"
  fi
done
say "ok: ${#files[@]} files valid against Kubernetes $version"
