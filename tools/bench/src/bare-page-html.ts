/**
 * A page of the real page's shape and size (about 1.2 KB) around a results line, built by string
 * concatenation: the bare page's stand-in for voting-app's template. The line comes from the
 * bench's own analytics and holds only option names and digits, so it needs no escaping.
 */
export function barePage(results: string, store: "redis" | "mysql"): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>AKS Voting App</title>
<link rel="stylesheet" href="/static/style.css">
</head>
<body>
<main class="ballot">
<h1>AKS Voting App</h1>
<form class="choices" method="post" action="/">
<button class="choice choice-1" type="submit" name="vote" value="Cats">Cats</button>
<button class="choice choice-2" type="submit" name="vote" value="Dogs">Dogs</button>
<button class="reset" type="submit" name="vote" value="reset">Reset votes</button>
</form>
<section class="tally" aria-live="polite" aria-label="Results">
<div id="results"> ${results} </div>
</section>
</main>
<footer class="details" data-app-version="bare" data-analytics-version="bare">
<p>
<span>app <strong>bare</strong></span>
<span>analytics <strong>bare</strong></span>
<span>host <strong>bare-page</strong></span>
<span>store <strong>${store}</strong></span>
</p>
<form class="flag" method="post" action="/featureflag/set">
<span>feature flag: <strong>clear</strong></span>
<button type="submit">Set feature flag</button>
</form>
</footer>
</body>
</html>
`;
}
