#!/usr/bin/env bash
# Prints the external address of the Istio ingress gateway: its IP, or its host name where the
# load balancer gives one instead.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/ingress-ip.sh [--namespace NS] [--service NAME] [--wait SECONDS]

Prints the external address of the Istio ingress gateway, read from the status of its
LoadBalancer Service: the IP (AKS), or the host name where the load balancer gives one instead.

  INGRESS_IP=$(scripts/ingress-ip.sh)
  scripts/results-loop.sh "$INGRESS_IP"

Options:
  --namespace NS    the gateway's namespace (default: istio-system)
  --service NAME    the gateway's Service (default: istio-ingressgateway)
  --wait SECONDS    wait up to SECONDS for the load balancer to get an address (default: 0)
  -h, --help        show this help

Without a cloud load balancer (kind, for example) the Service gets no address: forward a local
port instead, and use localhost:8080 as the address:

  kubectl -n istio-system port-forward service/istio-ingressgateway 8080:80
USAGE
}

fail() {
  echo "ingress-ip: $*" >&2
  exit 2
}

namespace="istio-system"
service="istio-ingressgateway"
wait_seconds=0

while [ "$#" -gt 0 ]; do
  case "$1" in
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
    -h | --help) usage; exit 0 ;;
    *) usage >&2; fail "unknown argument: $1" ;;
  esac
done

case "$wait_seconds" in
  "" | *[!0-9]*) fail "--wait takes a whole number of seconds, not '$wait_seconds'" ;;
esac
command -v kubectl >/dev/null 2>&1 || fail "kubectl is not installed"

# Prints the first load-balancer address of the Service, or nothing while it has none.
address() {
  local field value
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
ingress-ip: service/$service in namespace $namespace has no external address yet.
  On AKS the load balancer takes a minute or two: try again, or pass --wait 300.
  Without a cloud load balancer (kind), forward a port and use localhost:8080 as the address:
    kubectl -n $namespace port-forward service/$service 8080:80
EOF
exit 1
