import type { StoreKind } from "@voting/storage";
import { distFile } from "./dist-file.js";
import type { Target } from "./measure.js";
import { startPair, type ServicePair } from "./procs/service.js";
import { asImageStarts, type StackEnv } from "./stack.js";

export const barePageId = (backend: StoreKind) => `${backend}.bare-page`;

/**
 * A page's hops with none of the services' code on them: a plain Node HTTP server that asks
 * another over undici, which reads the store as voting-storage does (bare-page-app.ts,
 * bare-page-analytics.ts). Beside `<backend>.page`, it shows how much of the page's cost the
 * services add (Express, logging, validation, deadlines, the template) and how much the hops
 * take anyway. Both run as the images run the services, so their memory is the least a
 * service's can be under the same load.
 */
export function startBarePage(backend: StoreKind, env: StackEnv): Promise<ServicePair> {
  const vars = { BARE_STORE: backend };
  return startPair(
    asImageStarts("voting-analytics", env, {
      name: `bare-analytics-${backend}`,
      script: distFile("bare-page-analytics.js"),
      vars,
      // It answers 200 once the store does.
      readyPath: "/",
    }),
    (analytics) =>
      asImageStarts("voting-app", env, {
        name: `bare-app-${backend}`,
        script: distFile("bare-page-app.js"),
        vars: { ...vars, ANALYTICS_URL: analytics.url },
        readyPath: "/",
      }),
  );
}

export function barePageTarget(
  backend: StoreKind,
  bare: ServicePair,
  storeName: string,
  storePid?: number,
): Target {
  const store = backend === "redis" ? "ioredis → Redis" : "mysql2 → MySQL";
  return {
    id: barePageId(backend),
    label: `GET / on the same hops with bare Node servers: undici → ${store}, none of the services' code`,
    backend,
    spec: { url: `${bare.app.url}/`, method: "GET", expectStatus: 200 },
    watched: {
      [bare.app.name]: bare.app.pid,
      [bare.analytics.name]: bare.analytics.pid,
      ...(storePid === undefined ? {} : { [storeName]: storePid }),
    },
  };
}
