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

# The ingress address as scripts/ingress-ip.sh finds it: Get-IngressAddress.
. (Join-Path $PSScriptRoot 'lib/IngressAddress.ps1')

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
