import { gzipSync } from "node:zlib";
import { formPost, type HostileCase, percentEncode } from "./cases.js";

type Options = readonly [string, string];

const FORM = "application/x-www-form-urlencoded";

/** Values that are not an option: near misses, injections, odd types and sizes. */
function voteValues([first, second]: Options): string[] {
  return [
    "",
    " ",
    first.toLowerCase(),
    first.toUpperCase(),
    `${first} `,
    ` ${first}`,
    `${first}\t`,
    `${first}\u0000`,
    `${first}\u200b`,
    `\u202e${first}`,
    `\ufeff${first}`,
    `${second}\n`,
    `${first},${second}`,
    `${first};${second}`,
    "reset ",
    "RESET",
    "Reset",
    `${first}'; DROP TABLE azurevote; --`,
    `${first}" OR "1"="1`,
    `${first}\r\nFLUSHALL\r\n`,
    "*",
    "__proto__",
    "constructor",
    "toString",
    "hasOwnProperty",
    "0",
    "-1",
    "1e309",
    "NaN",
    "null",
    "undefined",
    "true",
    "[]",
    "{}",
    "x".repeat(46),
    "x".repeat(1000),
    "🐱",
    "Ｃats",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "${jndi:ldap://127.0.0.1/a}",
  ];
}

/** Raw bodies: field names, duplicates, arrays, prototypes, parameter counts. */
function formBodies([first, second]: Options): { body: string; valid?: 0 | 1 }[] {
  return [
    { body: `vote=${first}&vote=${second}` },
    { body: `vote=${first}&vote=${first}` },
    { body: `vote[]=${first}` },
    { body: `vote[0]=${first}` },
    { body: `vote[a]=${first}` },
    { body: `vote.x=${first}` },
    { body: `Vote=${first}` },
    { body: `VOTE=${first}` },
    { body: `vote%20=${first}` },
    { body: "vote" },
    { body: "vote=" },
    { body: `=${first}` },
    { body: "&&&&" },
    { body: "=" },
    { body: `__proto__[vote]=${first}` },
    { body: `constructor[prototype][vote]=${first}` },
    { body: `__proto__=${first}` },
    { body: `${"a=1&".repeat(11)}vote=${first}` },
    { body: `vote=${first}&${"a=1&".repeat(600)}` },
    { body: `vote=${first}&`, valid: 0 },
    { body: `vote=${second}&extra=1`, valid: 1 },
    { body: `extra=1&vote=${first}`, valid: 0 },
  ];
}

/** Broken and tricky encodings of the vote field. */
function encodings([first]: Options): { body: string | Buffer; valid?: 0 | 1 }[] {
  return [
    { body: "vote=%" },
    { body: "vote=%Z" },
    { body: "vote=%ZZ" },
    { body: "vote=%E0%A4%A" },
    { body: "vote=%C3%28" },
    { body: "vote=%C0%AF" },
    { body: "vote=%ED%A0%80" },
    { body: "vote=%FF%FE" },
    { body: `vote=${first}%00` },
    { body: `vote=${first}%0d%0aX-Injected:%20yes` },
    { body: `vote=%u0043${first.slice(1)}` },
    { body: `vote=${percentEncode(first).replaceAll("%", "%25")}` },
    { body: Buffer.concat([Buffer.from("vote="), Buffer.from([0xff, 0xfe, 0xc3])]) },
    { body: Buffer.concat([Buffer.from("vote=C"), Buffer.from([0xe1])]) },
    { body: `vote=+${first}` },
    { body: `vote=${first}+` },
    { body: `vote=${percentEncode(first)}`, valid: 0 },
  ];
}

function contentTypes([first]: Options): { type?: string; body?: string | Buffer }[] {
  return [
    { type: `${FORM}; charset=utf-8` },
    { type: `${FORM.toUpperCase()}` },
    { type: `${FORM};charset=UTF-8` },
    { type: `${FORM}; charset=iso-8859-1` },
    { type: `${FORM}; charset=utf-16` },
    { type: `${FORM}; charset=utf-16`, body: Buffer.from(`vote=${first}`, "utf16le") },
    { type: `${FORM}; charset=utf-7` },
    { type: `${FORM}; charset="` },
    { type: `${FORM}; charset=` },
    { type: `${FORM};;;` },
    { type: `${FORM}, text/plain` },
    { type: "text/plain" },
    { type: "application/json", body: JSON.stringify({ vote: first }) },
    { type: "application/json", body: `{"vote":` },
    {
      type: "multipart/form-data; boundary=XX",
      body: `--XX\r\nContent-Disposition: form-data; name="vote"\r\n\r\n${first}\r\n--XX--\r\n`,
    },
    { type: "application/xml", body: `<vote>${first}</vote>` },
    { type: "" },
    { type: undefined },
    { type: "*/*" },
    { type: "application/*" },
    { type: `${FORM}; ${"x".repeat(4000)}=1` },
  ];
}

function compressed([first]: Options): { encoding: string; body: Buffer }[] {
  const vote = Buffer.from(`vote=${first}`);
  return [
    { encoding: "gzip", body: gzipSync(vote) },
    { encoding: "gzip", body: Buffer.from("not gzip at all") },
    { encoding: "deflate", body: Buffer.from("not deflate either") },
    { encoding: "br", body: Buffer.from("nor brotli") },
    { encoding: "compress", body: vote },
    { encoding: "identity", body: vote },
    { encoding: "gzip, gzip", body: gzipSync(gzipSync(vote)) },
    // A small body that inflates to a megabyte.
    { encoding: "gzip", body: gzipSync(Buffer.alloc(1024 * 1024, "a")) },
  ];
}

export function bodyCorpus(options: Options): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const value of voteValues(options)) {
    cases.push({
      category: "vote value",
      name: `vote value ${JSON.stringify(value.slice(0, 40))}`,
      target: "app",
      request: formPost(`vote=${encodeURIComponent(value)}`),
      expect: { kind: "refuse" },
    });
  }
  for (const { body, valid } of formBodies(options)) {
    cases.push({
      category: "form body",
      name: `form body ${JSON.stringify(body.slice(0, 40))}`,
      target: "app",
      request: formPost(body),
      expect: valid === undefined ? { kind: "refuse" } : { kind: "vote", option: valid },
    });
  }
  for (const { body, valid } of encodings(options)) {
    cases.push({
      category: "encoding",
      name: `encoding ${JSON.stringify(body.toString("latin1").slice(0, 40))}`,
      target: "app",
      request: formPost(body),
      expect: valid === undefined ? { kind: "refuse" } : { kind: "vote", option: valid },
    });
  }
  for (const { type, body } of contentTypes(options)) {
    cases.push({
      category: "content type",
      name: `content type ${JSON.stringify(type?.slice(0, 40) ?? null)}`,
      target: "app",
      request: formPost(
        body ?? `vote=${options[0]}`,
        type === undefined ? [] : [["Content-Type", type]],
      ),
      expect: { kind: "maybe-vote", option: 0 },
    });
  }
  for (const { encoding, body } of compressed(options)) {
    cases.push({
      category: "content type",
      name: `content encoding ${encoding} (${body.length} bytes)`,
      target: "app",
      request: formPost(body, [
        ["Content-Type", FORM],
        ["Content-Encoding", encoding],
      ]),
      expect: { kind: "maybe-vote", option: 0 },
    });
  }
  return [...cases, ...oversized(options)];
}

function oversized([first]: Options): HostileCase[] {
  const big = (name: string, request: HostileCase["request"]): HostileCase => ({
    category: "oversized body",
    name,
    target: "app",
    request,
    expect: { kind: "refuse" },
    // Turning a huge body away may mean closing the connection before reading all of it.
    mayClose: true,
  });
  const form = ["Content-Type", FORM] as const;
  return [
    big("3 KB vote", formPost(`vote=${first.repeat(1000)}`)),
    big("1 MB body", formPost(Buffer.alloc(1024 * 1024, "a"))),
    big("4 MB body sent in full", formPost(Buffer.alloc(4 * 1024 * 1024, "v"))),
    big("chunked 100 KB", {
      method: "POST",
      target: "/",
      headers: [form, ["Transfer-Encoding", "chunked"]],
      body: `${(100 * 1024).toString(16)}\r\n${"a".repeat(100 * 1024)}\r\n0\r\n\r\n`,
    }),
    big("Content-Length not a number", {
      method: "POST",
      target: "/",
      headers: [form, ["Content-Length", "abc"]],
      body: `vote=${first}`,
    }),
    big("negative Content-Length", {
      method: "POST",
      target: "/",
      headers: [form, ["Content-Length", "-1"]],
      body: `vote=${first}`,
    }),
    big("Content-Length past 2^64", {
      method: "POST",
      target: "/",
      headers: [form, ["Content-Length", "99999999999999999999999"]],
      body: `vote=${first}`,
    }),
    big("two different Content-Lengths", {
      method: "POST",
      target: "/",
      headers: [form, ["Content-Length", "9"], ["Content-Length", "4"]],
      body: `vote=${first}`,
    }),
    big("Transfer-Encoding and Content-Length (request smuggling)", {
      method: "POST",
      target: "/",
      headers: [form, ["Content-Length", "9"], ["Transfer-Encoding", "chunked"]],
      body: `0\r\n\r\nPOST / HTTP/1.1\r\nHost: x\r\n\r\n`,
    }),
    big("chunk size not hexadecimal", {
      method: "POST",
      target: "/",
      headers: [form, ["Transfer-Encoding", "chunked"]],
      body: "zz\r\nvote=Cats\r\n0\r\n\r\n",
    }),
  ];
}
