#!/usr/bin/env bash
# Checks that the four links the tutorial checks use Istio mutual TLS, with the commands current
# Istio has (`istioctl authn tls-check` was removed in Istio 1.5).
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/check-mtls.sh [--namespace NS] [--istio-namespace NS] [--ingress-service NS/NAME]

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

Istio's namespace is where istiod runs: istio-system (upstream Istio) or aks-istio-system (the
AKS Istio add-on); every istioctl call gets it as --istioNamespace. The ingress gateway is the
one scripts/ingress-ip.sh finds: the Gateway API Gateway voting-app-gateway in the app's
namespace, else the first Service of istio-system/istio-ingressgateway, istio-ingress/istio-ingress
and aks-istio-ingress/aks-istio-ingressgateway-external that exists. Its pods are the ones its
Service selects, and its traffic is counted by its canonical service (source_canonical_service).

Options:
  -n, --namespace NS           the app's namespace (default: voting)
  --istio-namespace NS         Istio's namespace (default: found, istio-system or aks-istio-system)
  --ingress-service NS/NAME    the ingress gateway's Service (default: found as above, or
                               INGRESS_SERVICE=NS/NAME from the environment)
  -h, --help                   show this help
USAGE
}

fail() {
  echo "check-mtls: $*" >&2
  exit 2
}

namespace="voting"
istio_namespace=""
ingress_service=""

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
    --ingress-service)
      [ "$#" -ge 2 ] || fail "--ingress-service needs a value"
      case "$2" in
        ?*/?*) ingress_service="$2" ;;
        *) fail "--ingress-service takes NAMESPACE/NAME, not '$2'" ;;
      esac
      shift 2
      ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; fail "unknown argument: $1" ;;
  esac
done

for tool in kubectl istioctl; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed"
done

# shellcheck source-path=SCRIPTDIR source=lib/istio.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/istio.sh"
if [ -z "$istio_namespace" ]; then
  istio_namespace="$(find_istio_namespace)" || exit 1
  [ -n "$istio_namespace" ] ||
    fail "found no istiod in istio-system or aks-istio-system: name Istio's namespace with --istio-namespace NS"
fi

# The ingress gateway: its Service, the labels of its pods (the Service's selector, printed by
# kubectl as JSON: {"app":"istio-ingressgateway","istio":"ingressgateway"}) and the canonical
# service its pods report in metrics. Pods of a Gateway API gateway have no app label, so
# source_app would read "unknown" for them: the canonical service is set on every install.
if [ -z "$ingress_service" ]; then
  ingress_service="$("$(dirname "${BASH_SOURCE[0]}")/ingress-ip.sh" --app-namespace "$namespace" --print-service)" ||
    fail "found no ingress gateway: name its Service with --ingress-service NAMESPACE/NAME"
fi
ingress_namespace="${ingress_service%%/*}"
ingress_name="${ingress_service#*/}"
selector="$(kubectl -n "$ingress_namespace" get service "$ingress_name" -o jsonpath='{.spec.selector}')" || exit 1
ingress_labels="$(printf '%s' "$selector" | sed -e 's/^{//' -e 's/}$//' -e 's/"//g' -e 's/:/=/g')"
[ -n "$ingress_labels" ] || fail "service/$ingress_name in $ingress_namespace selects no pods"
# Istio names a workload's canonical service by the first of these labels that it has. (A range,
# as .items[0] would be an error when no pod runs.)
names='{range .items[*]}{.metadata.labels.service\.istio\.io/canonical-name}|'
names+='{.metadata.labels.app\.kubernetes\.io/name}|{.metadata.labels.app}{"\n"}{end}'
canonical="$(kubectl -n "$ingress_namespace" get pods -l "$ingress_labels" -o jsonpath="$names")" || exit 1
IFS='|' read -r canonical_name kubernetes_name app_name <<<"${canonical%%$'\n'*}"
ingress_source="${canonical_name:-${kubernetes_name:-${app_name:-$ingress_name}}}"

echo "Istio in $istio_namespace; ingress gateway: service/$ingress_name in $ingress_namespace (pods $ingress_labels)"
echo

# One link a line: title | client namespace | client labels | server labels | server host | port |
# protocol | the client's name | the labels the server's metrics name the client by.
links="\
ingress gateway -> voting-app:8080|$ingress_namespace|$ingress_labels|app=voting-app|voting-app|8080|http|$ingress_source|source_canonical_service=$ingress_source
voting-app -> voting-analytics:8080|$namespace|app=voting-app|app=voting-analytics|voting-analytics|8080|http|voting-app|source_app=voting-app
voting-app 1.0 -> voting-storage:6379|$namespace|app=voting-app,version=1.0|app=voting-storage,version=1.0|voting-storage|6379|tcp|voting-app 1.0|source_app=voting-app,source_version=1.0
voting-analytics 1.1 -> voting-storage:6379|$namespace|app=voting-analytics,version=1.1|app=voting-storage,version=1.0|voting-storage|6379|tcp|voting-analytics 1.1|source_app=voting-analytics,source_version=1.1"

# Prints the names of the running pods with the given labels.
running_pods() {
  kubectl -n "$1" get pods -l "$2" --field-selector=status.phase=Running \
    -o jsonpath='{.items[*].metadata.name}'
}

# Prints the mTLS mode that Istio applies to the pod's inbound traffic (STRICT, PERMISSIVE...).
server_mode() {
  local description mode
  description="$(istioctl x describe pod "$1" -n "$2" --istioNamespace "$istio_namespace")" || return 1
  mode="$(printf '%s\n' "$description" | sed -n 's/.*Workload mTLS mode: *\([A-Z_]*\).*/\1/p' | head -n 1)"
  echo "${mode:-unknown}"
}

# Prints "ROUTES TLS" for the client pod's outbound clusters to host:port: how many there are, and
# how many of them send TLS with the workload's Istio certificate.
client_routes() {
  local config routes tls certificates
  config="$(istioctl proxy-config cluster "$1" -n "$2" --fqdn "$3" --port "$4" -o json \
    --istioNamespace "$istio_namespace")" || return 1
  routes="$(printf '%s\n' "$config" | grep -cE '"name": *"outbound[|]' || true)"
  tls="$(printf '%s\n' "$config" | grep -cE '"name": *"envoy[.]transport_sockets[.]tls"' || true)"
  certificates="$(printf '%s\n' "$config" | grep -c 'tlsCertificateSdsSecretConfigs' || true)"
  [ "$certificates" -gt 0 ] || tls=0
  echo "$routes $tls"
}

# Prints "POLICY COUNT" lines: the traffic the pod's sidecar received from the client the metric
# labels name (e.g. source_app=voting-app,source_version=1.0), by connection security policy.
server_traffic() {
  local pod="$1" pod_namespace="$2" metric="$3" source="$4"
  kubectl -n "$pod_namespace" exec "$pod" -c istio-proxy -- \
    pilot-agent request GET stats/prometheus 2>/dev/null |
    awk -v metric="$metric" -v source="$source" '
      BEGIN { n = split(source, wanted, ",") }
      index($0, metric "{") == 1 && index($0, "reporter=\"destination\"") {
        for (i = 1; i <= n; i++) {
          split(wanted[i], pair, "=")
          if (!index($0, "," pair[1] "=\"" pair[2] "\"") && !index($0, "{" pair[1] "=\"" pair[2] "\"")) next
        }
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
while IFS='|' read -r title client_ns client_labels server_labels host port protocol client_name source <&3; do
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
    traffic="$traffic$(server_traffic "$pod" "$namespace" "$metric" "$source" || true)"$'\n'
  done
  mutual="$(printf '%s' "$traffic" | awk '$1 == "mutual_tls" { n += $2 } END { printf "%.0f", n }')"
  plain="$(printf '%s' "$traffic" | awk 'NF == 2 && $1 != "mutual_tls" { n += $2 } END { printf "%.0f", n }')"
  if [ "$mutual" -eq 0 ] && [ "$plain" -eq 0 ]; then
    echo "  traffic  none seen from $client_name yet: send some requests (scripts/results-loop.sh) and check again"
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
