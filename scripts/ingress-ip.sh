#!/usr/bin/env bash
# Prints the external address of the voting app's ingress: its IP, or its host name where the load
# balancer gives one instead. It finds the ingress itself, on any of the Istio installs the
# tutorial covers, so that INGRESS_IP=$(scripts/ingress-ip.sh) works on each.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/ingress-ip.sh [--app-namespace NS] [--namespace NS --service NAME] [--wait SECONDS]
                             [--verbose] [--print-service]

Prints the external address of the voting app's ingress (an IP, or a host name where the load
balancer gives one instead), and nothing else on stdout:

  INGRESS_IP=$(scripts/ingress-ip.sh)
  scripts/results-loop.sh "$INGRESS_IP"

The ingress is the first of these that exists:
  1. the Gateway API Gateway voting-app-gateway in the app's namespace (its .status.addresses)
  2. service/istio-ingressgateway in istio-system                (Istio installed by istioctl)
  3. service/istio-ingress in istio-ingress                      (Istio's gateway chart, Helm)
  4. service/aks-istio-ingressgateway-external in aks-istio-ingress  (the AKS Istio add-on)
To use another, name its LoadBalancer Service with --namespace and --service, or with
INGRESS_SERVICE=NAMESPACE/NAME in the environment (the flags win over the variable).

Options:
  --app-namespace NS  where to look for the Gateway API Gateway (default: voting)
  -n, --namespace NS  the namespace of the Service to use (default with --service: istio-system)
  --service NAME      the Service to use (default with --namespace: istio-ingressgateway)
  --wait SECONDS      wait up to SECONDS for the load balancer to get an address (default: 0)
  -v, --verbose       say on stderr which ingress was found
  --print-service     print NAMESPACE/NAME of the ingress's Service instead of its address
  -h, --help          show this help

Without a cloud load balancer (kind, for example) the Service gets no address: forward a local
port instead, and use localhost:8080 as the address, e.g. for istioctl's gateway:

  kubectl -n istio-system port-forward service/istio-ingressgateway 8080:80
USAGE
}

fail() {
  echo "ingress-ip: $*" >&2
  exit 2
}

app_namespace="voting"
namespace=""
service=""
wait_seconds=0
verbose=false
print_service=false

while [ "$#" -gt 0 ]; do
  case "$1" in
    --app-namespace)
      [ "$#" -ge 2 ] || fail "--app-namespace needs a value"
      app_namespace="$2"
      shift 2
      ;;
    -n | --namespace)
      [ "$#" -ge 2 ] || fail "$1 needs a value"
      namespace="$2"
      shift 2
      ;;
    --service)
      [ "$#" -ge 2 ] || fail "--service needs a value"
      service="$2"
      shift 2
      ;;
    --wait)
      [ "$#" -ge 2 ] || fail "--wait needs a number of seconds"
      wait_seconds="$2"
      shift 2
      ;;
    -v | --verbose) verbose=true; shift ;;
    --print-service) print_service=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; fail "unknown argument: $1" ;;
  esac
done

case "$wait_seconds" in
  "" | *[!0-9]*) fail "--wait takes a whole number of seconds, not '$wait_seconds'" ;;
esac
if [ -z "$namespace$service" ] && [ -n "${INGRESS_SERVICE:-}" ]; then
  case "$INGRESS_SERVICE" in
    ?*/?*) ;;
    *) fail "INGRESS_SERVICE must be NAMESPACE/NAME, not '$INGRESS_SERVICE'" ;;
  esac
  namespace="${INGRESS_SERVICE%%/*}"
  service="${INGRESS_SERVICE#*/}"
  case "$service" in */*) fail "INGRESS_SERVICE must be NAMESPACE/NAME, not '$INGRESS_SERVICE'" ;; esac
  chosen_by="INGRESS_SERVICE"
elif [ -n "$namespace$service" ]; then
  chosen_by="--namespace/--service"
fi
command -v kubectl >/dev/null 2>&1 || fail "kubectl is not installed"

gateway_resource="gateways.gateway.networking.k8s.io"
gateway_name="voting-app-gateway"
# The Services of the Istio ingress gateways, in the order they are looked for:
# namespace, name, and the install that makes them.
known_services="\
istio-system istio-ingressgateway Istio installed by istioctl
istio-ingress istio-ingress Istio's gateway chart, installed by Helm
aks-istio-ingress aks-istio-ingressgateway-external the AKS Istio add-on"

errors="$(mktemp)"
trap 'rm -f "$errors"' EXIT

# Prints the resource's name if it exists, nothing if it does not (a cluster without the Gateway
# API has no Gateway of it either). Any other failure of kubectl (no cluster, no permission) is
# shown as it is and fails, so that the caller stops instead of guessing past it.
exists() {
  local found
  if found="$(kubectl -n "$1" get "$2" "$3" --ignore-not-found -o jsonpath='{.metadata.name}' 2>"$errors")"; then
    echo "$found"
  elif ! grep -q "doesn't have a resource type" "$errors"; then
    cat "$errors" >&2
    return 1
  fi
}

kind="service"
if [ -n "$namespace$service" ]; then
  namespace="${namespace:-istio-system}"
  service="${service:-istio-ingressgateway}"
  found_by="service/$service in namespace $namespace (from $chosen_by)"
else
  gateway="$(exists "$app_namespace" "$gateway_resource" "$gateway_name")" || exit 1
  if [ -n "$gateway" ]; then
    kind="gateway"
    namespace="$app_namespace"
    # Istio deploys a Gateway API Gateway as a Deployment and a Service named after it.
    service="$gateway_name-istio"
    found_by="Gateway API gateway $gateway_name in namespace $namespace"
  else
    while read -r candidate_namespace candidate_service install; do
      found="$(exists "$candidate_namespace" service "$candidate_service")" || exit 1
      if [ -n "$found" ]; then
        namespace="$candidate_namespace"
        service="$candidate_service"
        found_by="service/$service in namespace $namespace ($install)"
        break
      fi
    done <<<"$known_services"
  fi
fi

if [ -z "$service" ]; then
  {
    echo "ingress-ip: found no ingress gateway. Looked for, in this order:"
    echo "  $gateway_resource/$gateway_name in namespace $app_namespace (Kubernetes Gateway API)"
    while read -r candidate_namespace candidate_service install; do
      echo "  service/$candidate_service in namespace $candidate_namespace ($install)"
    done <<<"$known_services"
    echo "Name yours with --namespace NS --service NAME, or INGRESS_SERVICE=NAMESPACE/NAME."
  } >&2
  exit 1
fi
[ "$verbose" = false ] || echo "ingress-ip: using the $found_by" >&2
if [ "$print_service" = true ]; then
  echo "$namespace/$service"
  exit 0
fi

# Prints the ingress's first external address, or nothing while it has none. Istio gives a
# Gateway whose load balancer is pending the cluster-local name of its Service: that is no
# address a client outside the cluster can use.
address() {
  local field value
  if [ "$kind" = "gateway" ]; then
    value="$(kubectl -n "$namespace" get "$gateway_resource" "$gateway_name" \
      -o jsonpath='{.status.addresses[*].value}')" || return 1
    for field in $value; do
      case "$field" in
        *.svc | *.svc.*) ;;
        *) echo "$field"; return 0 ;;
      esac
    done
    return 0
  fi
  for field in ip hostname; do
    value="$(kubectl -n "$namespace" get service "$service" \
      -o jsonpath="{.status.loadBalancer.ingress[0].$field}")" || return 1
    if [ -n "$value" ]; then
      echo "$value"
      return 0
    fi
  done
}

# kubectl's own error (no such Service, no cluster) is shown as it is, and ends the script.
deadline=$((SECONDS + wait_seconds))
while true; do
  found="$(address)" || exit 1
  if [ -n "$found" ]; then
    echo "$found"
    exit 0
  fi
  [ "$SECONDS" -lt "$deadline" ] || break
  sleep 5
done

cat >&2 <<EOF
ingress-ip: the $found_by has no external address yet.
  On AKS the load balancer takes a minute or two: try again, or pass --wait 300.
  Without a cloud load balancer (kind), forward a port and use localhost:8080 as the address:
    kubectl -n $namespace port-forward service/$service 8080:80
EOF
exit 1
