import { createServer as createHttpServer } from "node:http";
import { connect, createServer, type Socket } from "node:net";
import { type Labels, type Picker, type RouteRequest, roundRobin } from "@voting/mesh";
import type { Upstream } from "../pods/upstreams.js";
import { formatAddress } from "./address.js";
import {
  CONNECT_FAILURE,
  createForwarder,
  flatHeaders,
  localReply,
  NO_HEALTHY_UPSTREAM,
  replyUnreachable,
  replyUnrouted,
} from "./forward.js";
import { chooseTarget, type Routing } from "./routing.js";
import { LOCAL_REPLIES, type ProxyReport } from "./telemetry.js";

/** The pod a sidecar belongs to: its labels are the `sourceLabels` of every call it makes. */
export interface Caller {
  readonly pod: string;
  readonly namespace: string;
  readonly labels: Labels;
  /**
   * Whether the pod has a sidecar (default true). Without one its calls are plain Service
   * round robin, which no VirtualService changes: the listener then stands for kube-proxy.
   */
  readonly sidecar?: boolean;
}

export interface Sidecar {
  /** Opens a local listener standing for one Service the pod calls; returns its port. */
  listen(upstream: Upstream): Promise<number>;
  close(): Promise<void>;
}

export interface SidecarDeps {
  routing: Routing;
  accessLog?: (line: string) => void;
  /** Where each call the pod makes is reported (Istio's metrics and the live view). */
  report?: ProxyReport;
}

/**
 * A pod's outbound proxy. Each connection is routed when it arrives: HTTP ports request by
 * request (headers, path, source labels), other ports once per connection, and then piped.
 */
export function createSidecar(caller: Caller, deps: SidecarDeps): Sidecar {
  const picker: Picker = roundRobin();
  const hasSidecar = caller.sidecar ?? true;
  const route = (request: RouteRequest) =>
    hasSidecar ? deps.routing.route(request) : deps.routing.routePlain(request);
  const forwarder = createForwarder();
  const servers: ReturnType<typeof createServer>[] = [];
  const sockets = new Set<Socket>();
  const log = (line: string) => deps.accessLog?.(`${caller.pod} ${line}`);
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  };

  const httpServerFor = (upstream: Upstream) =>
    createHttpServer((req, res) => {
      const startedAt = performance.now();
      const elapsed = () => performance.now() - startedAt;
      const result = route({
        kind: "http",
        gateway: "mesh",
        host: upstream.host,
        port: upstream.port,
        uri: req.url ?? "/",
        headers: flatHeaders(req.headers),
        sourceLabels: caller.labels,
        sourceNamespace: caller.namespace,
      });
      const what = `${req.method} http://${upstream.host}:${upstream.port}${req.url}`;
      if (!result.ok) {
        replyUnrouted(res, result, elapsed(), deps.report);
        log(`${what} -> ${result.status} ${result.reason}`);
        return;
      }
      const { endpoint, target } = chooseTarget(deps.routing, picker, result);
      if (!target) {
        replyUnreachable(res, NO_HEALTHY_UPSTREAM, elapsed(), deps.report, {
          decision: result,
          endpoint,
        });
        log(`${what} -> 503 ${endpoint.pod.name} serves nothing on port ${endpoint.port}`);
        return;
      }
      const refusal = deps.routing.mtlsRefusal(hasSidecar, result, endpoint);
      if (refusal) {
        // The connection is reset during the handshake, before any answer.
        if (hasSidecar) localReply(res, 503, CONNECT_FAILURE);
        else res.socket?.destroy();
        log(`${what} -> ${hasSidecar ? "503" : "reset"}: ${refusal}`);
        // A reset gives the caller no status at all: Envoy records response code 0.
        deps.report?.replied(hasSidecar ? 503 : 0, LOCAL_REPLIES.connectFailure, elapsed(), {
          decision: result,
          endpoint,
        });
        return;
      }
      forwarder.forward(req, res, target, {
        host: `${upstream.host}:${upstream.port}`,
        done: (status) => {
          deps.report?.forwarded(result, endpoint, status, elapsed());
          log(`${what} -> ${status} ${endpoint.pod.name} (${result.subset ?? "any version"})`);
        },
      });
    });

  const pipeTcp = (socket: Socket, upstream: Upstream) => {
    const what = `tcp ${upstream.host}:${upstream.port}`;
    const result = route({
      kind: "tcp",
      gateway: "mesh",
      host: upstream.host,
      port: upstream.port,
      sourceLabels: caller.labels,
      sourceNamespace: caller.namespace,
    });
    if (!result.ok) {
      log(`${what} -> closed: ${result.reason}`);
      socket.destroy();
      return;
    }
    const { endpoint, target } = chooseTarget(deps.routing, picker, result);
    // The pod is selected but serves nothing on that port, or mutual TLS cannot be agreed on:
    // the connection fails, as it would.
    const refusal = target
      ? deps.routing.mtlsRefusal(hasSidecar, result, endpoint)
      : `${endpoint.pod.name} serves nothing on port ${endpoint.port}`;
    if (!target || refusal) {
      log(`${what} -> closed: ${refusal}`);
      socket.destroy();
      return;
    }
    log(
      `${what} -> ${endpoint.pod.name} (${result.subset ?? "any version"}) at ${formatAddress(target)}`,
    );
    const outbound = connect(target.port, target.host);
    track(outbound);
    const closed = deps.report?.connected(result, endpoint);
    if (closed) outbound.once("close", closed);
    socket.pipe(outbound).pipe(socket);
    socket.on("error", () => outbound.destroy());
    outbound.on("error", () => socket.destroy());
    socket.on("close", () => outbound.destroy());
    outbound.on("close", () => socket.destroy());
  };

  return {
    async listen(upstream) {
      const http = httpServerFor(upstream);
      const server = createServer((socket) => {
        track(socket);
        socket.on("error", () => socket.destroy());
        // The Service's port name decides, now, whether this is HTTP or a TCP stream.
        const kind = deps.routing.kindOf(upstream.host, upstream.port);
        if (kind === "http") http.emit("connection", socket);
        else if (kind === "tcp") pipeTcp(socket, upstream);
        else {
          log(`${upstream.host}:${upstream.port} -> closed: no such Service port`);
          socket.destroy();
        }
      });
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve());
      });
      return (server.address() as { port: number }).port;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      forwarder.close();
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}
