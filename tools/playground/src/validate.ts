import { buildMesh, type KubeObject, MeshConfigError } from "@voting/mesh";
import { Refused } from "./errors.js";
import type { ImageLookup } from "./images.js";
import { readSecret, type SecretData } from "./secrets.js";
import { readWorkload, type Workload } from "./workload.js";

/** What the playground acts on, read from a set of applied objects. */
export interface ReadConfig {
  readonly workloads: readonly Workload[];
  readonly secrets: ReadonlyMap<string, SecretData>;
}

/**
 * Reads a whole set of objects as the playground would run them, and refuses the set (naming
 * the object and field) if any of it is not supported: routing through @voting/mesh, Deployments
 * and Secrets here. Nothing is applied from a refused set.
 */
export function readConfig(
  objects: readonly KubeObject[],
  options: { namespace: string; image: (reference: string) => ImageLookup },
): ReadConfig {
  for (const object of objects) {
    if (object.kind === "Namespace" && object.metadata.name !== options.namespace) {
      throw new Refused(
        `Namespace ${object.metadata.name}: the playground serves only namespace ${options.namespace}`,
      );
    }
  }
  try {
    buildMesh(objects, { namespace: options.namespace, pods: [] });
  } catch (error) {
    if (error instanceof MeshConfigError) throw new Refused(error.message);
    throw error;
  }
  const secrets = new Map<string, SecretData>();
  const workloads: Workload[] = [];
  for (const object of objects) {
    if (object.apiVersion === "v1" && object.kind === "Secret")
      secrets.set(object.metadata.name, readSecret(object));
    if (object.apiVersion === "apps/v1" && object.kind === "Deployment")
      workloads.push(readWorkload(object, options.image));
  }
  return { workloads, secrets };
}
