/** Protocols Istio recognises as the prefix of a Service port name (`<protocol>[-<suffix>]`). */
export const ISTIO_PORT_PROTOCOLS = [
  "http",
  "http2",
  "https",
  "grpc",
  "grpc-web",
  "mongo",
  "mysql",
  "redis",
  "tcp",
  "tls",
  "udp",
] as const;

const HTTP_PROTOCOLS = new Set(["http", "http2", "grpc", "grpc-web"]);

/**
 * The protocol Istio picks for a Service port: `appProtocol` first, then the port name's
 * prefix. Undefined means Istio would have to sniff the traffic to decide.
 */
export function portProtocol(port: {
  readonly name?: string;
  readonly appProtocol?: string;
}): string | undefined {
  const candidates = [port.appProtocol, port.name].filter(
    (value): value is string => value !== undefined,
  );
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    const found = [...ISTIO_PORT_PROTOCOLS]
      .sort((a, b) => b.length - a.length)
      .find((protocol) => lower === protocol || lower.startsWith(`${protocol}-`));
    if (found) return found;
  }
  return undefined;
}

/**
 * How the sidecar routes a port: with the `http` rules of a VirtualService or its `tcp` rules.
 * Redis and MySQL are plain TCP unless their Istio filters are switched on (off by default).
 */
export function routingKind(protocol: string | undefined): "http" | "tcp" | undefined {
  if (protocol === undefined) return undefined;
  return HTTP_PROTOCOLS.has(protocol) ? "http" : "tcp";
}
