#!/usr/bin/env bash
# Checks that the four links the tutorial checks use Istio mutual TLS, with the commands current
# Istio has (`istioctl authn tls-check` was removed in Istio 1.5).
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/check-mtls.sh [--namespace NS] [--istio-namespace NS]

Checks the links the tutorial checks after step 2:
  ingress gateway      -> voting-app:8080
  voting-app           -> voting-analytics:8080
  voting-app 1.0       -> voting-storage:6379
  voting-analytics 1.1 -> voting-storage:6379

For each link, three witnesses:
  server   `istioctl x describe pod` on every server pod reports "Workload mTLS mode: STRICT":
           the server's sidecar refuses plain text.
  client   `istioctl proxy-config cluster` on every client pod: each outbound route to the
           server's host and port sends TLS with the client's Istio certificate.
  traffic  the server sidecars' own metrics (istio_requests_total for HTTP,
           istio_tcp_connections_opened_total for TCP, reporter="destination") counted by
           connection_security_policy: requests that came over mutual TLS, and any that did not.
           Send some requests first (scripts/results-loop.sh) so that there is traffic to count.

A link passes when the server is STRICT, every client sends mutual TLS, and no plain-text traffic
was seen. Exits 0 when every link passes, 1 otherwise.

Options:
  --namespace NS          the app's namespace (default: voting)
  --istio-namespace NS    the ingress gateway's namespace (default: istio-system)
  -h, --help              show this help
USAGE
}

fail() {
  echo "check-mtls: $*" >&2
  exit 2
}

namespace="voting"
istio_namespace="istio-system"

while [ "$#" -gt 0 ]; do
  case "$1" in
    -n | --namespace)
      [ "$#" -ge 2 ] || fail "$1 needs a value"
      namespace="$2"
      shift 2
      ;;
    --istio-namespace)
      [ "$#" -ge 2 ] || fail "--istio-namespace needs a value"
      istio_namespace="$2"
      shift 2
      ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; fail "unknown argument: $1" ;;
  esac
done

for tool in kubectl istioctl; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed"
done

# One link a line: title | client namespace | client labels | server labels | server host |
# port | protocol | source_app and source_version the server's metrics name the client by.
links="\
ingress gateway -> voting-app:8080|$istio_namespace|istio=ingressgateway|app=voting-app|voting-app|8080|http|istio-ingressgateway|
voting-app -> voting-analytics:8080|$namespace|app=voting-app|app=voting-analytics|voting-analytics|8080|http|voting-app|
voting-app 1.0 -> voting-storage:6379|$namespace|app=voting-app,version=1.0|app=voting-storage,version=1.0|voting-storage|6379|tcp|voting-app|1.0
voting-analytics 1.1 -> voting-storage:6379|$namespace|app=voting-analytics,version=1.1|app=voting-storage,version=1.0|voting-storage|6379|tcp|voting-analytics|1.1"

# Prints the names of the running pods with the given labels.
running_pods() {
  kubectl -n "$1" get pods -l "$2" --field-selector=status.phase=Running \
    -o jsonpath='{.items[*].metadata.name}'
}

# Prints the mTLS mode that Istio applies to the pod's inbound traffic (STRICT, PERMISSIVE...).
server_mode() {
  local description mode
  description="$(istioctl x describe pod "$1" -n "$2")" || return 1
  mode="$(printf '%s\n' "$description" | sed -n 's/.*Workload mTLS mode: *\([A-Z_]*\).*/\1/p' | head -n 1)"
  echo "${mode:-unknown}"
}

# Prints "ROUTES TLS" for the client pod's outbound clusters to host:port: how many there are, and
# how many of them send TLS with the workload's Istio certificate.
client_routes() {
  local config routes tls certificates
  config="$(istioctl proxy-config cluster "$1" -n "$2" --fqdn "$3" --port "$4" -o json)" || return 1
  routes="$(printf '%s\n' "$config" | grep -cE '"name": *"outbound[|]' || true)"
  tls="$(printf '%s\n' "$config" | grep -cE '"name": *"envoy[.]transport_sockets[.]tls"' || true)"
  certificates="$(printf '%s\n' "$config" | grep -c 'tlsCertificateSdsSecretConfigs' || true)"
  [ "$certificates" -gt 0 ] || tls=0
  echo "$routes $tls"
}

# Prints "POLICY COUNT" lines: the traffic from source_app (and source_version, if given) that
# the pod's sidecar received, by connection security policy.
server_traffic() {
  local pod="$1" pod_namespace="$2" metric="$3" app="$4" version="$5"
  kubectl -n "$pod_namespace" exec "$pod" -c istio-proxy -- \
    pilot-agent request GET stats/prometheus 2>/dev/null |
    awk -v metric="$metric" -v app="$app" -v version="$version" '
      index($0, metric "{") == 1 && index($0, "reporter=\"destination\"") &&
      index($0, "source_app=\"" app "\"") &&
      (version == "" || index($0, "source_version=\"" version "\"")) {
        policy = "unknown"
        if (match($0, /connection_security_policy="[^"]*"/)) {
          policy = substr($0, RSTART + 28, RLENGTH - 29)
        }
        total[policy] += $NF
      }
      END { for (p in total) printf "%s %.0f\n", p, total[p] }'
}

failed=0
checked=0
# The links are read on descriptor 3, so that no command in the loop can swallow them from stdin.
while IFS='|' read -r title client_ns client_labels server_labels host port protocol source_app source_version <&3; do
  checked=$((checked + 1))
  fqdn="$host.$namespace.svc.cluster.local"
  ok=true
  echo "$title"

  server_pods="$(running_pods "$namespace" "$server_labels")"
  if [ -z "$server_pods" ]; then
    echo "  server   no running pod labelled $server_labels in $namespace"
    ok=false
  fi
  for pod in $server_pods; do
    mode="$(server_mode "$pod" "$namespace")" || mode="unknown (istioctl x describe failed)"
    echo "  server   $pod: Workload mTLS mode $mode"
    [ "$mode" = "STRICT" ] || ok=false
  done

  client_pods="$(running_pods "$client_ns" "$client_labels")"
  if [ -z "$client_pods" ]; then
    echo "  client   no running pod labelled $client_labels in $client_ns"
    ok=false
  fi
  for pod in $client_pods; do
    if routes_tls="$(client_routes "$pod" "$client_ns" "$fqdn" "$port")"; then
      routes="${routes_tls% *}"
      tls="${routes_tls#* }"
    else
      routes=0
      tls=0
    fi
    echo "  client   $pod: $tls of $routes routes to $host:$port send Istio mutual TLS"
    if [ "$routes" -eq 0 ] || [ "$tls" -lt "$routes" ]; then
      ok=false
    fi
  done

  metric="istio_requests_total"
  unit="requests"
  if [ "$protocol" = "tcp" ]; then
    metric="istio_tcp_connections_opened_total"
    unit="connections"
  fi
  traffic=""
  for pod in $server_pods; do
    traffic="$traffic$(server_traffic "$pod" "$namespace" "$metric" "$source_app" "$source_version" || true)"$'\n'
  done
  mutual="$(printf '%s' "$traffic" | awk '$1 == "mutual_tls" { n += $2 } END { printf "%.0f", n }')"
  plain="$(printf '%s' "$traffic" | awk 'NF == 2 && $1 != "mutual_tls" { n += $2 } END { printf "%.0f", n }')"
  if [ "$mutual" -eq 0 ] && [ "$plain" -eq 0 ]; then
    echo "  traffic  none seen from $source_app yet: send some requests (scripts/results-loop.sh) and check again"
  else
    echo "  traffic  $mutual $unit over mutual TLS, $plain without ($metric at the server)"
    [ "$plain" -eq 0 ] || ok=false
  fi

  if [ "$ok" = true ]; then
    echo "  OK"
  else
    echo "  FAILED"
    failed=$((failed + 1))
  fi
  echo
done 3<<EOF
$links
EOF

if [ "$failed" -eq 0 ]; then
  echo "All $checked links use mutual TLS."
else
  echo "$failed of $checked links failed the check."
  exit 1
fi
