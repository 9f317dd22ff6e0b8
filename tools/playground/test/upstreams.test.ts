import { describe, expect, it } from "vitest";
import { findUpstreams, pointAtSidecar } from "../src/pods/upstreams.js";

const services = new Set(["voting-storage", "voting-analytics.voting", "voting-analytics"]);
const isService = (host: string) => services.has(host);

describe("a pod's calls through its sidecar", () => {
  it("when HOST/PORT pairs name Services, then each becomes an upstream with its Service port", () => {
    const env = {
      REDIS_HOST: "voting-storage",
      REDIS_PORT: "6379",
      ANALYTICS_HOST: "voting-analytics.voting",
      ANALYTICS_PORT: "8080",
    };
    expect(findUpstreams(env, isService)).toEqual([
      {
        hostVariable: "ANALYTICS_HOST",
        portVariable: "ANALYTICS_PORT",
        host: "voting-analytics.voting",
        port: 8080,
      },
      {
        hostVariable: "REDIS_HOST",
        portVariable: "REDIS_PORT",
        host: "voting-storage",
        port: 6379,
      },
    ]);
  });

  it("when a host is not a Service or the port is not a number, then the pair is left alone", () => {
    const env = {
      REDIS_HOST: "redis.example.com",
      REDIS_PORT: "6379",
      MYSQL_HOST: "voting-storage",
      MYSQL_PORT: "abc",
      HOST: "x",
    };
    expect(findUpstreams(env, isService)).toEqual([]);
  });

  it("when the env is pointed at the sidecar, then only the pairs change, to 127.0.0.1 and the listener", () => {
    const env = { REDIS_HOST: "voting-storage", REDIS_PORT: "6379", TITLE: "Votes" };
    const [upstream] = findUpstreams(env, isService);
    expect(pointAtSidecar(env, [{ upstream: upstream!, port: 41000 }])).toEqual({
      REDIS_HOST: "127.0.0.1",
      REDIS_PORT: "41000",
      TITLE: "Votes",
    });
    expect(env.REDIS_HOST).toBe("voting-storage");
  });
});
