import { describe, expect, it } from "vitest";
import { pickTraceHeaders, TRACE_HEADERS, requestIdOf } from "../src/index.js";
import type { IncomingMessage } from "node:http";

describe("pickTraceHeaders", () => {
  it("when every tracing header is present, then all ten are kept and nothing else", () => {
    const headers = Object.fromEntries(TRACE_HEADERS.map((name) => [name, `value-of-${name}`]));
    const picked = pickTraceHeaders({ ...headers, cookie: "featureflag=on", host: "example" });
    expect(Object.keys(picked).sort()).toEqual([...TRACE_HEADERS].sort());
    expect(picked["traceparent"]).toBe("value-of-traceparent");
  });
});

describe("requestIdOf", () => {
  const withId = (id: string | undefined) =>
    ({ headers: { "x-request-id": id } }) as unknown as IncomingMessage;

  it("when the caller sends a plain id, then it is reused", () => {
    expect(requestIdOf(withId("abc-123"))).toBe("abc-123");
  });

  it("when the caller sends an id with control characters, then a fresh one replaces it", () => {
    const id = requestIdOf(withId("abc\r\nset-cookie: x=1"));
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
