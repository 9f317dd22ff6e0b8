#!/usr/bin/env bash
# Labels the app's namespace for sidecar injection the way the cluster's Istio wants it: upstream
# Istio's default revision takes istio-injection=enabled, a revisioned istiod (the AKS add-on
# always is one) takes istio.io/rev=<revision> and ignores istio-injection, whose presence
# even keeps a revision's webhook from injecting.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/label-namespace.sh [--namespace NS] [--revision REV]

Labels the namespace (default: voting) so that Istio injects its sidecar into the pods created
there, as the cluster's Istio wants it, and removes the label that would conflict:

  upstream Istio, default revision        istio-injection=enabled   (istio.io/rev removed)
  upstream Istio, revisioned istiod       istio.io/rev=<revision>   (istio-injection removed)
  the AKS Istio add-on (aks-istio-system) istio.io/rev=<revision>   (istio-injection removed)

The revision is read from the istiod deployments (istiod, or istiod-<revision>, labelled
istio.io/rev) in istio-system, or else in aks-istio-system. When that namespace has two
revisions, as during a canary upgrade of the add-on, name the one to use with --revision.

Options:
  -n, --namespace NS   the namespace to label (default: voting)
  --revision REV       the istiod revision to use; "default" means istio-injection=enabled
  -h, --help           show this help

Pods that run already get their sidecar when restarted.
USAGE
}

fail() {
  echo "label-namespace: $*" >&2
  exit 2
}

namespace="voting"
revision=""

while [ "$#" -gt 0 ]; do
  case "$1" in
    -n | --namespace)
      [ "$#" -ge 2 ] || fail "$1 needs a value"
      namespace="$2"
      shift 2
      ;;
    --revision)
      [ "$#" -ge 2 ] || fail "--revision needs a value"
      revision="$2"
      shift 2
      ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; fail "unknown argument: $1" ;;
  esac
done
command -v kubectl >/dev/null 2>&1 || fail "kubectl is not installed"

# kubectl's own errors (no cluster, no permission) are shown as they are, and end the script.
labels="$(kubectl get namespace "$namespace" --ignore-not-found \
  -o jsonpath='{.metadata.name}|{.metadata.labels.istio-injection}|{.metadata.labels.istio\.io/rev}')" || exit 1
if [ -z "$labels" ]; then
  echo "label-namespace: namespace $namespace does not exist: create it first with" >&2
  echo "  kubectl create namespace $namespace" >&2
  exit 1
fi
IFS='|' read -r _ current_injection current_revision <<<"$labels"

# shellcheck source-path=SCRIPTDIR source=lib/istio.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/istio.sh"
istio_namespace="$(find_istio_namespace)" || exit 1
found=""
[ -z "$istio_namespace" ] || found="$(istiod_revisions "$istio_namespace")" || exit 1
if [ -z "$istio_namespace" ]; then
  echo "label-namespace: found no Istio: no istiod deployment in istio-system (upstream Istio) or" >&2
  echo "  aks-istio-system (the AKS Istio add-on). Install Istio first, e.g. on AKS:" >&2
  echo "  az aks mesh enable --resource-group RESOURCE_GROUP --name CLUSTER" >&2
  exit 1
fi

found_list="$(printf '%s\n' "$found" | paste -sd ' ' | sed 's/ /, /g')"
if [ -z "$revision" ]; then
  if [ "$(printf '%s\n' "$found" | wc -l)" -gt 1 ]; then
    echo "label-namespace: istiod runs in $istio_namespace with more than one revision: $found_list." >&2
    echo "  Name the one the namespace should use, e.g. --revision $(printf '%s\n' "$found" | tail -n 1)" >&2
    exit 1
  fi
  revision="$found"
elif ! printf '%s\n' "$found" | grep -qxF -- "$revision"; then
  echo "label-namespace: no istiod of revision $revision in $istio_namespace; it has: $found_list." >&2
  exit 1
fi

if [ "$istio_namespace" = "aks-istio-system" ]; then
  install="the AKS Istio add-on, revision $revision"
elif [ "$revision" = "default" ]; then
  install="upstream Istio, default revision"
else
  install="upstream Istio, revision $revision"
fi

# The add-on has no default revision to answer istio-injection, and a revision's webhook skips a
# namespace that has the label at all: so it goes, in the same call that sets istio.io/rev.
if [ "$revision" = "default" ] && [ "$istio_namespace" = "istio-system" ]; then
  set -- "istio-injection=enabled"
  [ -z "$current_revision" ] || set -- "$@" "istio.io/rev-"
else
  set -- "istio.io/rev=$revision"
  [ -z "$current_injection" ] || set -- "$@" "istio-injection-"
fi

echo "label-namespace: found $install (istiod in $istio_namespace): labelling namespace $namespace $1"
kubectl label namespace "$namespace" "$@" --overwrite
