# Get-IngressAddress, shared by results-loop.ps1 and tally.ps1 (dot-sourced, not run): the
# PowerShell twin of scripts/ingress-ip.sh.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# The ingress address as scripts/ingress-ip.sh finds it, in the same order: the Service that
# $env:INGRESS_SERVICE names (NAMESPACE/NAME), else the Gateway API Gateway voting-app-gateway in
# namespace voting, else the first of the Istio ingress Services that exists. Nothing when none.
function Get-IngressAddress {
    # Here kubectl's errors are answers (no such Service, no Gateway API in the cluster), which
    # Windows PowerShell would turn into terminating errors under the script's 'Stop'.
    $ErrorActionPreference = 'Continue'
    if (-not (Get-Command kubectl -ErrorAction SilentlyContinue)) { return }
    if ($env:INGRESS_SERVICE) {
        $services = @($env:INGRESS_SERVICE)
    }
    else {
        $gateway = kubectl -n voting get gateways.gateway.networking.k8s.io voting-app-gateway --ignore-not-found -o 'jsonpath={.metadata.name}' 2>$null
        if ($gateway) {
            Write-Information -InformationAction Continue 'Using the Gateway API gateway voting-app-gateway in namespace voting'
            $addresses = kubectl -n voting get gateways.gateway.networking.k8s.io voting-app-gateway -o 'jsonpath={.status.addresses[*].value}'
            # While its load balancer is pending, Istio gives the Gateway its Service's cluster-local name.
            return ("$addresses" -split ' ' | Where-Object { $_ -and $_ -notmatch '\.svc(\.|$)' } | Select-Object -First 1)
        }
        $services = @(
            'istio-system/istio-ingressgateway',
            'istio-ingress/istio-ingress',
            'aks-istio-ingress/aks-istio-ingressgateway-external'
        )
    }
    foreach ($service in $services) {
        $namespace, $name = $service -split '/', 2
        if (-not (kubectl -n $namespace get service $name --ignore-not-found -o 'jsonpath={.metadata.name}')) { continue }
        Write-Information -InformationAction Continue "Using service/$name in namespace $namespace"
        foreach ($field in 'ip', 'hostname') {
            $found = kubectl -n $namespace get service $name -o "jsonpath={.status.loadBalancer.ingress[0].$field}"
            if ($found) { return "$found" }
        }
        return
    }
}
