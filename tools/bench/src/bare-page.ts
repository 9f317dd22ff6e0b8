import { distFile } from "./dist-file.js";
import type { Target } from "./measure.js";
import { startPair, type ServicePair } from "./procs/service.js";
import { asImageStarts, type StackEnv } from "./stack.js";

export const BARE_PAGE_ID = "redis.bare-page";

/**
 * The Redis page's hops with none of the services' code on them: a plain Node HTTP server that
 * asks another over undici, which reads Redis with ioredis (bare-page-app.ts,
 * bare-page-analytics.ts). Against redis.page, it shows how much of the page's cost the services
 * add (Express, logging, validation, deadlines, the template) and how much the hops take anyway.
 * Both run as the images run the services (the command's flags, NODE_OPTIONS, the heap growth
 * limit), so their memory is the least a service's can be under the same load.
 */
export function startBarePage(env: StackEnv): Promise<ServicePair> {
  return startPair(
    asImageStarts("voting-analytics", env, {
      name: "bare-analytics",
      script: distFile("bare-page-analytics.js"),
      // It answers 200 once Redis does.
      readyPath: "/",
    }),
    (analytics) =>
      asImageStarts("voting-app", env, {
        name: "bare-app",
        script: distFile("bare-page-app.js"),
        vars: { ANALYTICS_URL: analytics.url },
        readyPath: "/",
      }),
  );
}

export function barePageTarget(bare: ServicePair, storeName: string, storePid?: number): Target {
  return {
    id: BARE_PAGE_ID,
    label:
      "GET / on the same hops with bare Node servers: undici → ioredis → Redis, none of the services' code",
    backend: "redis",
    spec: { url: `${bare.app.url}/`, method: "GET", expectStatus: 200 },
    watched: {
      [bare.app.name]: bare.app.pid,
      [bare.analytics.name]: bare.analytics.pid,
      ...(storePid === undefined ? {} : { [storeName]: storePid }),
    },
  };
}
