# shellcheck shell=bash
# Finding Istio's control plane, for the scripts that need it (sourced, not run).

# Prints the revisions of the istiod deployments in namespace $1, one a line: the istio.io/rev
# label, or what the deployment's name says (istiod is the default revision, istiod-REV is REV).
# Prints nothing where no istiod runs. kubectl's own errors end it with a non-zero status.
istiod_revisions() {
  local deployments name rev
  deployments="$(kubectl -n "$1" get deployments \
    -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.metadata.labels.istio\.io/rev}{"\n"}{end}')" || return 1
  while read -r name rev; do
    case "$name" in
      istiod) echo "${rev:-default}" ;;
      istiod-*) echo "${rev:-${name#istiod-}}" ;;
    esac
  done <<<"$deployments" | sort -u
}

# Prints the namespace istiod runs in: istio-system (upstream Istio, istioctl or Helm), else
# aks-istio-system (the AKS add-on); nothing where neither has one.
find_istio_namespace() {
  local candidate found
  for candidate in istio-system aks-istio-system; do
    found="$(istiod_revisions "$candidate")" || return 1
    if [ -n "$found" ]; then
      echo "$candidate"
      return 0
    fi
  done
}
