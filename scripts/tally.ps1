<#
.SYNOPSIS
    Sends Count requests to the voting app and counts which versions answered, to watch routing
    rules and canary releases take effect.

.DESCRIPTION
    Prints how many answers came from each pair of versions, e.g.

        Sent 20 requests to http://20.61.10.7/ with Cookie: featureflag=on
              14  app 2.0 / analytics 2.0
               6  app 1.0 / analytics 1.1
               0  no answer

    The versions come from the page footer's data-app-version and data-analytics-version
    attributes (shown with SHOWDETAILS=true). Without them, the app version reads "?" and the
    analytics version is told from the results line: "1.0" for counts alone, "1.1-or-2.0" for
    counts with percentages.

.PARAMETER Address
    The ingress address: an IP, host[:port] or URL. Without it, $env:INGRESS_IP is used, and
    without that, kubectl finds the ingress as scripts/ingress-ip.sh does: the Service
    $env:INGRESS_SERVICE names (NAMESPACE/NAME), else the Gateway API Gateway voting-app-gateway
    in namespace voting, else the first Service of istio-system/istio-ingressgateway,
    istio-ingress/istio-ingress and aks-istio-ingress/aks-istio-ingressgateway-external that
    exists.

.PARAMETER Count
    How many requests to send (default 20).

.PARAMETER Cookie
    Sent as the Cookie header, e.g. featureflag=on to be routed as a user who set the feature flag.

.EXAMPLE
    ./scripts/tally.ps1 20.61.10.7 50 featureflag=on

.EXAMPLE
    ./scripts/tally.ps1 -Count 50 -Cookie featureflag=on
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [string]$Address = $env:INGRESS_IP,

    [Parameter(Position = 1)]
    [ValidateRange(1, 100000)]
    [int]$Count = 20,

    [Parameter(Position = 2)]
    [string]$Cookie = ''
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# The ingress address as scripts/ingress-ip.sh finds it: Get-IngressAddress.
. (Join-Path $PSScriptRoot 'lib/IngressAddress.ps1')

if (-not $Address) { $Address = Get-IngressAddress }
if (-not $Address) {
    throw ('Found no ingress address. Give it, e.g. ./scripts/tally.ps1 20.61.10.7, or set ' +
        '$env:INGRESS_IP, or name the ingress Service with $env:INGRESS_SERVICE = ''NAMESPACE/NAME''.')
}

$url = if ($Address -match '^https?://') { $Address } else { "http://$Address" }
if ($url -notmatch '^https?://[^/]+/') { $url = "$url/" }

$headers = @{}
if ($Cookie) { $headers['Cookie'] = $Cookie }

# The value of the first data-<Name>-version attribute in the page, or an empty string.
function Get-VersionMarker([string]$Page, [string]$Name) {
    if ($Page -match "data-$Name-version=""([^""]*)""") { return $Matches[1] }
    return ''
}

# The analytics version as the results line tells it, for pages without the footer markers.
function Get-AnalyticsFromResults([string]$Page) {
    $results = $Page -split "`n" | Where-Object { $_ -match 'id="results"' } | Select-Object -First 1
    if (-not $results) { return '?' }
    if ($results -match '\d+/\d+ \(\d+%\)') { return '1.1-or-2.0' }
    if ($results -match ': \d+ \|') { return '1.0' }
    return '?'
}

$answers = New-Object System.Collections.Generic.List[string]
$failures = 0
for ($i = 1; $i -le $Count; $i++) {
    try {
        $page = [string](Invoke-WebRequest -Uri $url -Headers $headers -UseBasicParsing -TimeoutSec 10).Content
    }
    catch {
        $failures++
        continue
    }
    $app = Get-VersionMarker $page 'app'
    if (-not $app) { $app = '?' }
    $analytics = Get-VersionMarker $page 'analytics'
    if (-not $analytics) { $analytics = Get-AnalyticsFromResults $page }
    $answers.Add("app $app / analytics $analytics")
}

$withCookie = if ($Cookie) { " with Cookie: $Cookie" } else { '' }
Write-Output "Sent $Count requests to $url$withCookie"
$answers |
    Group-Object |
    Sort-Object -Property @{ Expression = 'Count'; Descending = $true }, @{ Expression = 'Name'; Descending = $false } |
    ForEach-Object { Write-Output ('{0,8}  {1}' -f $_.Count, $_.Name) }
Write-Output ('{0,8}  {1}' -f $failures, 'no answer')

if ($failures -gt 0) { exit 1 }
