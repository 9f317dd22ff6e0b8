import fc from "fast-check";
import { APP_ROUTES, ANALYTICS_ROUTES, METHODS, methodCase } from "./corpus-requests.js";
import { formPost, type HostileCase, percentEncode } from "./cases.js";

type Options = readonly [string, string];

export interface HostileProperty {
  name: string;
  cases: fc.Arbitrary<HostileCase>;
}

const FORM = "application/x-www-form-urlencoded";

/** Pieces that make interesting strings when combined: option letters, syntax, odd characters. */
const PIECES = [
  "C",
  "a",
  "t",
  "s",
  "D",
  "o",
  "g",
  "reset",
  " ",
  "%",
  "\0",
  "\r",
  "\n",
  "<",
  ">",
  '"',
  "'",
  "&",
  "=",
  "+",
  ";",
  "[",
  "]",
  "é",
  "🐱",
  "\u202e",
  "\ufeff",
  "\u00ff",
];

/** Header-safe text: printable Latin-1, no CR, LF or NUL (those are tried in the corpus). */
const headerText = (maxLength: number) =>
  fc.string({
    unit: fc
      .integer({ min: 0x20, max: 0xff })
      .filter((c) => c !== 0x7f)
      .map((c) => String.fromCharCode(c)),
    maxLength,
  });

const trickyString = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: "binary", maxLength }),
    fc.string({ unit: fc.constantFrom(...PIECES), maxLength }),
  );

/** The option a form body votes for, read the way a lenient form parser would. */
function votedOption(body: string, options: Options): 0 | 1 | null {
  const values = new URLSearchParams(body).getAll("vote");
  const index = values.length === 1 ? options.indexOf(values[0]!) : -1;
  return index === 0 || index === 1 ? index : null;
}

/** Whether a form body might be a reset, which would wipe the votes the run is counting. */
function mightReset(body: string): boolean {
  return new URLSearchParams(body).getAll("vote").includes("reset");
}

export function hostileProperties(options: Options): HostileProperty[] {
  const notAnOption = (value: string) => {
    const decoded = Buffer.from(value, "utf8").toString("utf8");
    return !options.includes(decoded) && decoded !== "reset";
  };
  const formField = fc.tuple(
    fc.oneof(
      fc.constantFrom(
        "vote",
        "Vote",
        "vote[]",
        "vote[0]",
        "__proto__",
        "constructor",
        "",
        "v%6fte",
      ),
      trickyString(8),
    ),
    fc.oneof(fc.constantFrom(...options, "reset"), trickyString(20)),
    fc.boolean(),
  );
  return [
    {
      name: "generated vote values",
      cases: trickyString(60)
        .filter(notAnOption)
        .map((value): HostileCase => ({
          category: "vote value",
          name: `vote value ${JSON.stringify(value)}`,
          target: "app",
          request: formPost(`vote=${percentEncode(value)}`),
          expect: { kind: "refuse" },
        })),
    },
    {
      name: "generated form bodies",
      cases: fc
        .array(formField, { maxLength: 12 })
        .map((fields) =>
          fields
            .map(([key, value, encode]) =>
              encode ? `${percentEncode(key)}=${percentEncode(value)}` : `${key}=${value}`,
            )
            .join("&"),
        )
        .filter((body) => !mightReset(body))
        .map((body): HostileCase => {
          const option = votedOption(body, options);
          return {
            category: "form body",
            name: `form body ${JSON.stringify(body)}`,
            target: "app",
            request: formPost(body),
            expect: option === null ? { kind: "refuse" } : { kind: "maybe-vote", option },
          };
        }),
    },
    {
      name: "generated content types",
      cases: fc
        .tuple(
          fc.oneof(
            fc.constantFrom(FORM, FORM.toUpperCase(), "text/plain", "multipart/form-data"),
            headerText(40),
          ),
          fc.option(
            fc.oneof(
              fc.constantFrom("utf-8", "utf-16", "latin1", "iso-8859-1", "", '"'),
              headerText(20),
            ),
          ),
        )
        .map(([type, charset]): HostileCase => {
          const header = charset === null ? type : `${type}; charset=${charset}`;
          return {
            category: "content type",
            name: `content type ${JSON.stringify(header)}`,
            target: "app",
            request: formPost(`vote=${options[1]}`, [["Content-Type", header]]),
            expect: { kind: "maybe-vote", option: 1 },
          };
        }),
    },
    {
      name: "generated cookies",
      cases: fc
        .tuple(
          fc.array(fc.tuple(headerText(12), headerText(40)), { maxLength: 20 }),
          fc.constantFrom("/", "/featureflag/set", "/featureflag/clear"),
        )
        .map(([pairs, route]): HostileCase => {
          const cookie = pairs.map(([name, value]) => `${name}=${value}`).join("; ");
          return {
            category: "cookie",
            name: `cookie ${JSON.stringify(cookie)} on ${route}`,
            target: "app",
            request: {
              method: route === "/" ? "GET" : "POST",
              target: route,
              headers: [["Cookie", cookie]],
            },
            expect: { kind: "answer" },
          };
        }),
    },
    {
      name: "generated paths",
      cases: fc
        .tuple(
          fc.constantFrom("/static/", "/", "//", "/static", "/analytics/"),
          fc.array(
            fc.oneof(
              fc.constantFrom(
                "..",
                ".",
                "%2e%2e",
                "%2e",
                "%2f",
                "%5c",
                "\\",
                "%00",
                "%",
                "%ZZ",
                "%E0%A4",
                "static",
                "style.css",
                "package.json",
                "views",
                "page.ejs",
                "dist",
                "server.js",
                "etc",
                "passwd",
                "",
                "~",
              ),
              headerText(6).map((text) => encodeURIComponent(text)),
            ),
            { maxLength: 8 },
          ),
          fc.constantFrom<"app" | "analytics">("app", "analytics"),
        )
        .map(([prefix, segments, target]): HostileCase => {
          const path = prefix + segments.join("/");
          return {
            category: "path",
            name: `path ${JSON.stringify(path)} on ${target}`,
            target,
            request: { target: path },
            expect: { kind: "answer" },
          };
        }),
    },
    {
      name: "generated methods",
      cases: fc
        .tuple(
          fc.oneof(fc.constantFrom(...METHODS), fc.stringMatching(/^[A-Z]{1,10}$/)),
          fc.constantFrom<"app" | "analytics">("app", "analytics"),
          fc.nat(),
        )
        .map(([method, target, pick]) => {
          const routes = target === "app" ? APP_ROUTES : ANALYTICS_ROUTES;
          return methodCase(target, method, routes[pick % routes.length]!, options);
        }),
    },
    {
      name: "generated header values",
      cases: fc
        .tuple(
          fc.constantFrom(
            "X-Request-Id",
            "Traceparent",
            "Tracestate",
            "B3",
            "X-B3-TraceId",
            "User-Agent",
            "Accept",
            "Accept-Language",
            "Referer",
            "X-Forwarded-For",
            "Cookie",
          ),
          headerText(200),
          fc.constantFrom(
            "",
            "\r\nX-Injected: yes",
            "\r\nSet-Cookie: injected=1",
            "\n X-Injected: yes",
          ),
          fc.constantFrom<"app" | "analytics">("app", "analytics"),
        )
        .map(([header, value, injection, target]): HostileCase => ({
          category: "header",
          name: `header ${header}: ${JSON.stringify(value + injection)} on ${target}`,
          target,
          request: {
            target: target === "app" ? "/" : "/analytics",
            headers: [[header, value + injection]],
          },
          expect: { kind: "answer" },
        })),
    },
  ];
}
