import { encodeRequest, type RawRequest } from "../../net/raw-http.js";
import { formPost, type HostileCase, type Target } from "./cases.js";

type Options = readonly [string, string];

export const APP_ROUTES = [
  "/",
  "/featureflag/set",
  "/featureflag/clear",
  "/static/style.css",
  "/healthz",
  "/readyz",
  "/no-such-page",
] as const;
export const ANALYTICS_ROUTES = ["/analytics", "/healthz", "/readyz", "/"] as const;
export const METHODS = [
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "PATCH",
  "OPTIONS",
  "TRACE",
  "PROPFIND",
  "MKCOL",
  "LOCK",
  "PURGE",
  "SEARCH",
  "QUERY",
  "FOO",
  "get",
] as const;

const COOKIES = [
  "featureflag=on",
  "featureflag=%E0%A4%A",
  "featureflag=%",
  "featureflag=on; featureflag=off",
  "featureflag",
  'featureflag="on"',
  "=;;=;=",
  ";;;;",
  "__proto__=on",
  "constructor=on; toString=x",
  `a=${"x".repeat(8000)}`,
  `a=${"x".repeat(15_000)}`,
  Array.from({ length: 500 }, (_, i) => `c${i}=1`).join("; "),
  "featureflag=on\u00ff\u00fe",
  "featureflag=<script>alert(1)</script>",
];

/** Header values that try to add headers, smuggle ids or overflow. */
const HEADERS: readonly (readonly [string, string])[] = [
  ["X-Request-Id", "abc\r\nX-Injected: yes"],
  ["X-Request-Id", "abc%0d%0aX-Injected:%20yes"],
  ["X-Request-Id", "<script>alert(1)</script>"],
  ["X-Request-Id", "x".repeat(10_000)],
  ["X-Request-Id", "ok-id\u00ff"],
  ["Traceparent", "00-\u00ff\u00fe-\u0001"],
  ["Traceparent", "x".repeat(8000)],
  ["B3", "a\tb c"],
  ["Tracestate", "a=b\r\nSet-Cookie: injected=1"],
  ["X-B3-Sampled", "\u0080\u0081"],
  ["Accept", "text/html\r\n\r\nGET /x HTTP/1.1"],
  ["Host", "evil.example"],
  ["Host", "127.0.0.1\r\nHost: second.example"],
  ["Expect", "100-continue"],
  ["Expect", "something-else"],
  ["Upgrade", "websocket"],
  ["X-Forwarded-For", "127.0.0.1, <script>"],
  ["X-Nul", "a\u0000b"],
  ["Bad Header", "space in the name"],
  ["X-Folded", "a\r\n folded"],
];

const PATHS = [
  "/static/../package.json",
  "/static/..%2f..%2fpackage.json",
  "/static/%2e%2e/%2e%2e/package.json",
  "/static/%2e%2e%2f%2e%2e%2fpackage.json",
  "/static/..%5c..%5cpackage.json",
  "/static/....//....//package.json",
  "/static/%252e%252e/package.json",
  "/static/../views/page.ejs",
  "/static/%2e%2e/views/page.ejs",
  "/static/../dist/server.js",
  "/static/../src/app.ts",
  "/static/style.css%00",
  "/static/style.css%00.png",
  "/static/%00",
  "/static/",
  "/static",
  "/static//etc/passwd",
  "/static/%2fetc%2fpasswd",
  "//etc/passwd",
  "/../../../../etc/passwd",
  "/%2e%2e/%2e%2e/etc/passwd",
  "/%",
  "/%ZZ",
  "/static/%",
  "/static/%E0%A4%A",
  "/static/style.css/",
  "/static/style.css?x=../../",
  "/static/.env",
  "/static/style.css;.js",
  "/STATIC/STYLE.CSS",
  "/static\\..\\package.json",
  "/healthz/../readyz",
  "/featureflag/set/..",
  "/%2e%2e%2fpackage.json",
  "/?vote=Cats",
  `/${"a".repeat(8000)}`,
  `/${"a/".repeat(2000)}`,
  "*",
  "http://127.0.0.1/",
  "http://evil.example/static/style.css",
  "/\u00ff\u00fe",
  "/ HTTP/1.1\r\nX-Injected: yes\r\nX:",
];

function onBoth(make: (target: Target) => HostileCase[]): HostileCase[] {
  return [...make("app"), ...make("analytics")];
}

export function requestCorpus(options: Options): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const cookie of COOKIES) {
    const name = `cookie ${JSON.stringify(cookie.slice(0, 40))} (${cookie.length} chars)`;
    const headers = [["Cookie", cookie]] as const;
    cases.push(
      {
        category: "cookie",
        name,
        target: "app",
        request: { target: "/", headers },
        expect: { kind: "answer" },
      },
      {
        category: "cookie",
        name: `${name} on a vote`,
        target: "app",
        request: formPost(`vote=${options[1]}`, [
          ["Content-Type", "application/x-www-form-urlencoded"],
          ...headers,
        ]),
        expect: { kind: "maybe-vote", option: 1 },
      },
      {
        category: "cookie",
        name: `${name} on /featureflag/set`,
        target: "app",
        request: { method: "POST", target: "/featureflag/set", headers },
        expect: { kind: "answer" },
      },
    );
  }
  cases.push(
    ...onBoth((target) =>
      HEADERS.map(([header, value]) => ({
        category: "header" as const,
        name: `header ${header}: ${JSON.stringify(value.slice(0, 30))}`,
        target,
        request: { target: target === "app" ? "/" : "/analytics", headers: [[header, value]] },
        expect: { kind: "answer" as const },
      })),
    ),
  );
  cases.push(
    ...onBoth((target) =>
      PATHS.map((path) => ({
        category: "path" as const,
        name: `path ${JSON.stringify(path.slice(0, 50))}`,
        target,
        request: { method: path === "*" ? "OPTIONS" : "GET", target: path },
        expect: { kind: "answer" as const },
      })),
    ),
  );
  for (const target of ["app", "analytics"] as const) {
    const routes = target === "app" ? APP_ROUTES : ANALYTICS_ROUTES;
    for (const route of routes) {
      for (const method of METHODS) cases.push(methodCase(target, method, route, options));
    }
  }
  return [...cases, ...abandoned(options)];
}

/** Every method on a route, each carrying a vote: only POST / may count it. */
export function methodCase(
  target: Target,
  method: string,
  route: string,
  options: Options,
): HostileCase {
  const request: RawRequest = {
    ...formPost(`vote=${options[0]}`),
    method,
    target: route,
  };
  const counts = target === "app" && method === "POST" && route === "/";
  return {
    category: "method",
    name: `${method} ${route} on ${target}`,
    target,
    request,
    expect: counts ? { kind: "vote", option: 0 } : { kind: "answer" },
  };
}

/** Clients that walk away: half a request line, headers without an end, a body cut short. */
function abandoned([first]: Options): HostileCase[] {
  const cut = (name: string, raw: string): HostileCase => ({
    category: "abandoned request",
    name,
    target: "app",
    request: { target: "/" },
    raw,
    expect: { kind: "abandon" },
  });
  const vote = `vote=${first}`;
  const full = encodeRequest(formPost(vote)).toString("latin1");
  const chunked =
    "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n" +
    "Content-Type: application/x-www-form-urlencoded\r\n\r\n" +
    `${vote.length.toString(16)}\r\n${vote}\r\n`;
  return [
    cut("half a request line", "POST / HT"),
    cut("headers without their end", "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: appl"),
    cut(
      "a vote whose body is cut short",
      full.replace(/Content-Length: \d+/, "Content-Length: 100"),
    ),
    cut("a chunked vote that never ends", chunked),
    cut(
      "a Content-Length of 10 MB and 9 bytes",
      full.replace(/Content-Length: \d+/, `Content-Length: ${10 * 1024 * 1024}`),
    ),
  ];
}
