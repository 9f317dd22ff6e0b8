import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Picker, roundRobin } from "@voting/mesh";
import { formatAddress } from "./address.js";
import {
  CONNECT_FAILURE,
  createForwarder,
  flatHeaders,
  NO_HEALTHY_UPSTREAM,
  replyUnreachable,
  replyUnrouted,
} from "./forward.js";
import { chooseTarget, type Routing } from "./routing.js";
import type { ProxyReport } from "./telemetry.js";

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
  /** Where each request it routes is reported (Istio's metrics and the live view). */
  report?: ProxyReport;
}

/**
 * The ingress gateway: each request goes through the Gateways bound to it (the Gateway API's,
 * and the Istio Gateways whose selector fits the install's ingress labels) and their routes,
 * as they are at that moment. With no Gateway, nothing routes: 404.
 */
export function createIngress(deps: IngressDeps): Ingress {
  const picker = deps.picker ?? roundRobin();
  const forwarder = createForwarder();
  const log = (req: IncomingMessage, outcome: string) =>
    deps.accessLog?.(`ingress ${req.method} ${req.url} -> ${outcome}`);
  return {
    handle(req, res) {
      const startedAt = performance.now();
      const elapsed = () => performance.now() - startedAt;
      const headers = flatHeaders(req.headers);
      const result = deps.routing.routeIngress({
        kind: "http",
        host: headers.host ?? "",
        port: GATEWAY_PORT,
        uri: req.url ?? "/",
        headers,
      });
      if (!result.ok) {
        replyUnrouted(res, result, elapsed(), deps.report);
        log(req, `${result.status} ${result.reason}`);
        return;
      }
      const { endpoint, target } = chooseTarget(deps.routing, picker, result);
      if (!target) {
        replyUnreachable(res, NO_HEALTHY_UPSTREAM, elapsed(), deps.report, {
          decision: result,
          endpoint,
        });
        log(req, `503 ${endpoint.pod.name} serves nothing on port ${endpoint.port}`);
        return;
      }
      // The ingress gateway is an Envoy too: it speaks mutual TLS, as a sidecar does.
      const refusal = deps.routing.mtlsRefusal(true, result, endpoint);
      if (refusal) {
        replyUnreachable(res, CONNECT_FAILURE, elapsed(), deps.report, {
          decision: result,
          endpoint,
        });
        log(req, `503 ${refusal}`);
        return;
      }
      const via = result.httpRoute
        ? `HTTPRoute ${result.httpRoute}`
        : (result.subset ?? "any version");
      forwarder.forward(req, res, target, {
        // The edge proxy names each request, so the services can tie their log lines together.
        addHeaders: {
          "x-request-id": headers["x-request-id"] ?? randomUUID(),
          "x-forwarded-proto": "http",
          "x-forwarded-for": req.socket.remoteAddress ?? "127.0.0.1",
        },
        done: (status) => {
          deps.report?.forwarded(result, endpoint, status, elapsed());
          log(req, `${status} ${endpoint.pod.name} (${via}) at ${formatAddress(target)}`);
        },
      });
    },
    close: () => forwarder.close(),
  };
}
