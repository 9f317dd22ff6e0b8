import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isoTimeOncePerMillisecond } from "../src/logger.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("isoTimeOncePerMillisecond", () => {
  it("writes the same time field as pino's isoTime, for the current millisecond", () => {
    vi.useFakeTimers({ now: Date.parse("2026-11-22T03:04:05.678Z") });
    const time = isoTimeOncePerMillisecond();
    expect(time()).toBe(',"time":"2026-11-22T03:04:05.678Z"');
    expect(time()).toBe(pino.stdTimeFunctions.isoTime());
  });

  it("moves on with the clock, one millisecond at a time", () => {
    vi.useFakeTimers({ now: Date.parse("2026-11-22T03:04:05.678Z") });
    const time = isoTimeOncePerMillisecond();
    expect(time()).toBe(',"time":"2026-11-22T03:04:05.678Z"');
    vi.advanceTimersByTime(1);
    expect(time()).toBe(',"time":"2026-11-22T03:04:05.679Z"');
    vi.setSystemTime(Date.parse("2027-01-01T00:00:00.000Z"));
    expect(time()).toBe(',"time":"2027-01-01T00:00:00.000Z"');
  });
});
