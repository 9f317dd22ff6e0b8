<#
.SYNOPSIS
    The tutorial's loop: requests the voting app's page Count times and prints its results line
    each time, which shows which voting-analytics version answered.

.DESCRIPTION
    Analytics 1.0 shows counts:       <div id="results"> Cats: 2 | Dogs: 4 </div>
    Analytics 1.1 and 2.0 add totals: <div id="results"> Cats: 2/6 (33%) | Dogs: 4/6 (67%) </div>

    Address is the ingress address (an IP, host[:port] or URL). Without it, $env:INGRESS_IP is
    used, and without that, kubectl finds the ingress as scripts/ingress-ip.sh does: the Service
    $env:INGRESS_SERVICE names (NAMESPACE/NAME), else the Gateway API Gateway voting-app-gateway
    in namespace voting, else the first Service of istio-system/istio-ingressgateway,
    istio-ingress/istio-ingress and aks-istio-ingress/aks-istio-ingressgateway-external that
    exists.

.EXAMPLE
    ./scripts/results-loop.ps1 20.61.10.7 10

.EXAMPLE
    ./scripts/results-loop.ps1 localhost:8080
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [string]$Address = $env:INGRESS_IP,

    [Parameter(Position = 1)]
    [ValidateRange(1, 100000)]
    [int]$Count = 5
)

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

if (-not $Address) { $Address = Get-IngressAddress }
if (-not $Address) {
    throw ('Found no ingress address. Give it, e.g. ./scripts/results-loop.ps1 20.61.10.7, or set ' +
        '$env:INGRESS_IP, or name the ingress Service with $env:INGRESS_SERVICE = ''NAMESPACE/NAME''.')
}

$url = if ($Address -match '^https?://') { $Address } else { "http://$Address" }
if ($url -notmatch '^https?://[^/]+/') { $url = "$url/" }

$failures = 0
for ($i = 1; $i -le $Count; $i++) {
    try {
        $page = [string](Invoke-WebRequest -Uri $url -UseBasicParsing -TimeoutSec 10).Content
    }
    catch {
        Write-Warning "request ${i}: no answer from ${url}: $($_.Exception.Message)"
        $failures++
        continue
    }
    $line = $page -split "`n" | Where-Object { $_ -match 'id="results"' } | Select-Object -First 1
    if ($line) {
        Write-Output $line.TrimEnd("`r")
    }
    else {
        Write-Warning "request ${i}: the page has no results line"
        $failures++
    }
}

if ($failures -gt 0) { exit 1 }
