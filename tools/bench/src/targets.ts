import type { Target } from "./measure.js";
import type { ServiceProcess } from "./procs/service.js";
import { stackOnStore, storeLabel } from "@voting/devstack";
import type { Stack } from "./stack.js";

/** The vote the vote scenarios send; one of the default options. */
export const VOTE_FORM = "vote=Cats";

export function ceilingTarget(server: ServiceProcess): Target {
  return {
    id: "ceiling",
    label: "bare Node http server, fixed body (the ceiling)",
    backend: null,
    spec: { url: `${server.url}/`, method: "GET", expectStatus: 200 },
    watched: { [server.name]: server.pid },
  };
}

/** The page, the analytics call and a vote on one backend's stack. */
export function stackTargets(stack: Stack, storeName: string, storePid?: number): Target[] {
  const { app: appVersion, analytics: analyticsVersion } = stackOnStore(stack.backend);
  const store: Record<string, number> = storePid === undefined ? {} : { [storeName]: storePid };
  const app = { [stack.app.name]: stack.app.pid };
  const analytics = { [stack.analytics.name]: stack.analytics.pid };
  const name = storeLabel(stack.backend);
  return [
    {
      id: `${stack.backend}.page`,
      label: `GET / page: app ${appVersion} → analytics ${analyticsVersion} → ${name}`,
      backend: stack.backend,
      spec: { url: `${stack.app.url}/`, method: "GET", expectStatus: 200 },
      watched: { ...app, ...analytics, ...store },
    },
    {
      id: `${stack.backend}.analytics`,
      label: `GET /analytics: analytics ${analyticsVersion} → ${name}`,
      backend: stack.backend,
      spec: { url: `${stack.analytics.url}/analytics`, method: "GET", expectStatus: 200 },
      watched: { ...analytics, ...store },
    },
    {
      id: `${stack.backend}.vote`,
      label: `POST / vote: app ${appVersion} → ${name}`,
      backend: stack.backend,
      spec: { url: `${stack.app.url}/`, method: "POST", form: VOTE_FORM, expectStatus: 302 },
      watched: { ...app, ...store },
    },
  ];
}

/** The page and the vote of a stack started with metrics that record nothing. */
export function unmeteredTargets(stack: Stack, storeName: string, storePid?: number): Target[] {
  return stackTargets(stack, storeName, storePid)
    .filter((target) => target.id !== `${stack.backend}.analytics`)
    .map((target) => ({
      ...target,
      id: `${target.id}.unmetered`,
      label: `${target.label}, with metrics that record nothing`,
    }));
}
