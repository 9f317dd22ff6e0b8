/**
 * Where the service images connect when the manifest says nothing: their built-in defaults
 * (REDIS_HOST voting-storage, ...), which name the tutorial's Services.
 */
export const SERVICE_IMAGE_DEFAULTS: Readonly<Record<string, string>> = {
  REDIS_HOST: "voting-storage",
  REDIS_PORT: "6379",
  MYSQL_HOST: "voting-storage",
  MYSQL_PORT: "3306",
  ANALYTICS_HOST: "voting-analytics",
  ANALYTICS_PORT: "8080",
};

/** A Service a pod calls, found in its environment as an `X_HOST` / `X_PORT` pair. */
export interface Upstream {
  readonly hostVariable: string;
  readonly portVariable: string;
  /** The host as the pod dials it: `voting-analytics`, `voting-storage.voting`, an FQDN. */
  readonly host: string;
  /** The Service port it dials. */
  readonly port: number;
}

/**
 * The pairs whose host names a Service: those calls go through the pod's sidecar. Other hosts
 * (an address outside the mesh, a typo) are left alone, as Istio passes unknown hosts through.
 */
export function findUpstreams(
  env: Readonly<Record<string, string>>,
  isService: (host: string) => boolean,
): Upstream[] {
  return Object.keys(env)
    .filter((name) => name.endsWith("_HOST") && name.length > "_HOST".length)
    .sort()
    .flatMap((hostVariable) => {
      const portVariable = `${hostVariable.slice(0, -"_HOST".length)}_PORT`;
      const host = env[hostVariable]!;
      const port = Number(env[portVariable]);
      if (!Number.isInteger(port) || port < 1 || port > 65535 || !isService(host)) return [];
      return [{ hostVariable, portVariable, host, port }];
    });
}

/** The environment a pod's process gets: each upstream pair points at its sidecar listener. */
export function pointAtSidecar(
  env: Readonly<Record<string, string>>,
  listeners: readonly { readonly upstream: Upstream; readonly port: number }[],
): Record<string, string> {
  const rewritten = { ...env };
  for (const { upstream, port } of listeners) {
    rewritten[upstream.hostVariable] = "127.0.0.1";
    rewritten[upstream.portVariable] = String(port);
  }
  return rewritten;
}
