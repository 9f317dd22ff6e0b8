const CLUSTER_SUFFIX = ".svc.cluster.local";

/**
 * The FQDN a host in Istio configuration stands for. Istio expands only a single-label
 * name, relative to the namespace of the resource that names it.
 */
export function configHost(host: string, namespace: string): string {
  return host.includes(".") || host.includes("*") ? host : `${host}.${namespace}${CLUSTER_SUFFIX}`;
}

/**
 * The FQDN a pod reaches when it dials `host`, as the cluster DNS search path expands it:
 * `name`, `name.ns`, `name.ns.svc` and the full name all reach the same Service.
 */
export function requestHost(host: string, namespace: string): string {
  const name = stripPort(host).toLowerCase().replace(/\.$/, "");
  if (name.endsWith(CLUSTER_SUFFIX)) return name;
  const labels = name.split(".");
  if (labels.length === 1) return `${name}.${namespace}${CLUSTER_SUFFIX}`;
  if (labels.length === 2) return `${name}${CLUSTER_SUFFIX}`;
  if (labels.length === 3 && labels[2] === "svc") return `${name}.cluster.local`;
  return name;
}

export function stripPort(authority: string): string {
  return authority.startsWith("[")
    ? authority.slice(0, authority.indexOf("]") + 1)
    : authority.split(":")[0]!;
}

/** Whether a configured host (`*`, `*.example.com` or an exact name) covers `name`. */
export function hostMatches(pattern: string, name: string): boolean {
  if (pattern === "*") return true;
  if (pattern.startsWith("*.")) return name.endsWith(pattern.slice(1));
  return pattern === name;
}

/** Higher is more specific: an exact host beats a wildcard, a longer wildcard beats a shorter. */
export function hostSpecificity(pattern: string): number {
  return pattern.startsWith("*") ? pattern.length : Number.MAX_SAFE_INTEGER;
}
