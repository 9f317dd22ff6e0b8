#!/usr/bin/env bash
# Writes a copy of the Kubernetes manifests whose images come from a registry of your own.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/use-registry.sh [--from DIR] [--out DIR] REGISTRY

Copies the manifests of DIR (default: k8s/) to an output folder (default: .local/k8s-REGISTRY/),
with every image of scripts/images.txt prefixed by REGISTRY: `image: voting/voting-app:1.0`
becomes `image: REGISTRY/voting/voting-app:1.0`. The originals are left as they are. Then apply
the copies instead of the originals, e.g.

  scripts/use-registry.sh myacr.azurecr.io
  kubectl apply -f .local/k8s-myacr.azurecr.io/step-1-create-voting-app.yaml

Options:
  --from DIR    the manifests to copy (default: k8s)
  --out DIR     where to write the copies (default: .local/k8s-REGISTRY)
  -h, --help    show this help
USAGE
}

fail() {
  echo "use-registry: $*" >&2
  exit 2
}

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
from="$repo_root/k8s"
out=""
registry=""

while [ "$#" -gt 0 ]; do
  case "$1" in
    --from)
      [ "$#" -ge 2 ] || fail "--from needs a folder"
      from="$2"
      shift 2
      ;;
    --out)
      [ "$#" -ge 2 ] || fail "--out needs a folder"
      out="$2"
      shift 2
      ;;
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; fail "unknown option: $1" ;;
    *)
      [ -z "$registry" ] || fail "only one REGISTRY, please (got '$registry' and '$1')"
      registry="$1"
      shift
      ;;
  esac
done

[ -n "$registry" ] || { usage >&2; fail "give the registry, e.g. myacr.azurecr.io"; }
registry="${registry%/}"
case "$registry" in
  *[!A-Za-z0-9._:/-]*) fail "'$registry' does not look like a registry name" ;;
esac
[ -d "$from" ] || fail "no manifests folder at $from"
out="${out:-$repo_root/.local/k8s-${registry//\//_}}"

# One sed expression per image: `image: NAME`, optionally quoted, keeps its quotes and its
# indentation. Dots in names are escaped so that they match only dots.
sed_args=()
while read -r image _; do
  case "$image" in "" | "#"*) continue ;; esac
  pattern="$(printf '%s' "$image" | sed 's/[.[\*^$/]/\\&/g')"
  replacement="$(printf '%s' "$registry/$image" | sed 's/[\/&]/\\&/g')"
  sed_args+=(-e "s/^\\([[:space:]-]*image:[[:space:]]*[\"']\\{0,1\\}\\)$pattern\\([\"']\\{0,1\\}[[:space:]]*\\)\$/\\1$replacement\\2/")
done <"$repo_root/scripts/images.txt"
[ "${#sed_args[@]}" -gt 0 ] || fail "scripts/images.txt lists no images"

mkdir -p "$out"
count=0
for manifest in "$from"/*.yaml "$from"/*.yml; do
  [ -f "$manifest" ] || continue
  sed "${sed_args[@]}" "$manifest" >"$out/$(basename "$manifest")"
  count=$((count + 1))
done
[ "$count" -gt 0 ] || fail "no .yaml files in $from"

rewritten="$(cat "$out"/*.y*ml | grep -c -F "$registry/" || true)"
echo "Wrote $count manifests to $out ($rewritten image references now point to $registry)."
