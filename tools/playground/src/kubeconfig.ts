import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { stringify } from "yaml";

/** The context, cluster and user kubectl knows the playground by. */
export const CONTEXT = "playground";

/** A kubeconfig whose one context is the playground's API, in namespace `namespace`. */
export function kubeconfig(server: string, namespace: string): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: CONTEXT, cluster: { server } }],
    // The API listens on this machine's loopback only and asks for no credentials.
    users: [{ name: CONTEXT, user: {} }],
    contexts: [{ name: CONTEXT, context: { cluster: CONTEXT, user: CONTEXT, namespace } }],
    "current-context": CONTEXT,
    preferences: {},
  });
}

/** Writes it to `path` (never ~/.kube/config: the learner's own clusters stay as they are). */
export function writeKubeconfig(path: string, server: string, namespace: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, kubeconfig(server, namespace), { mode: 0o600 });
}
