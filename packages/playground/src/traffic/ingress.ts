import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Picker, roundRobin, type RouteFailure } from "@voting/mesh";
import { formatAddress } from "./address.js";
import { createForwarder, flatHeaders, localReply, NO_HEALTHY_UPSTREAM } from "./forward.js";
import { chooseTarget, type Routing } from "./routing.js";

/** The port the Gateway's server listens on in the cluster; the ingress stands for it here. */
export const GATEWAY_PORT = 80;

export interface Ingress {
  handle(req: IncomingMessage, res: ServerResponse): void;
  close(): void;
}

export interface IngressDeps {
  routing: Routing;
  /** One line per request, when the learner asked for an access log. */
  accessLog?: (line: string) => void;
  picker?: Picker;
}

/**
 * The ingress gateway: each request goes through the Gateways bound to it and their
 * VirtualServices, as they are at that moment. With no Gateway, nothing routes: 404.
 */
export function createIngress(deps: IngressDeps): Ingress {
  const picker = deps.picker ?? roundRobin();
  const forwarder = createForwarder();
  const log = (req: IncomingMessage, outcome: string) =>
    deps.accessLog?.(`ingress ${req.method} ${req.url} -> ${outcome}`);
  return {
    handle(req, res) {
      const headers = flatHeaders(req.headers);
      let failure: RouteFailure | undefined;
      for (const gateway of deps.routing.ingressGateways()) {
        const result = deps.routing.route({
          kind: "http",
          gateway,
          host: headers.host ?? "",
          port: GATEWAY_PORT,
          uri: req.url ?? "/",
          headers,
        });
        if (!result.ok) {
          // A route that exists but leads nowhere says more than a Gateway that has no route.
          if (!failure || result.status === 503) failure = result;
          continue;
        }
        const { endpoint, target } = chooseTarget(deps.routing, picker, result);
        if (!target) {
          localReply(res, 503, NO_HEALTHY_UPSTREAM);
          log(req, `503 ${endpoint.pod.name} serves nothing on port ${endpoint.port}`);
          return;
        }
        forwarder.forward(req, res, target, {
          // The edge proxy names each request, so the services can tie their log lines together.
          addHeaders: {
            "x-request-id": headers["x-request-id"] ?? randomUUID(),
            "x-forwarded-proto": "http",
            "x-forwarded-for": req.socket.remoteAddress ?? "127.0.0.1",
          },
          done: (status) =>
            log(
              req,
              `${status} ${endpoint.pod.name} (${result.subset ?? "any version"}) at ${formatAddress(target)}`,
            ),
        });
        return;
      }
      const status = failure?.status ?? 404;
      localReply(res, status, status === 503 ? NO_HEALTHY_UPSTREAM : "");
      log(req, `${status} ${failure?.reason ?? "no Gateway is bound to the ingress gateway"}`);
    },
    close: () => forwarder.close(),
  };
}
