import { randomUUID } from "node:crypto";
import { type AppliedResources, type KubeObject, resourceKey } from "@voting/mesh";

/** What the API server keeps of each object beside the object itself. */
export interface ObjectMeta {
  readonly uid: string;
  readonly createdAt: number;
  /** Counts changes of the object's spec, as metadata.generation does. */
  readonly generation: number;
  readonly resourceVersion: number;
}

/** The objects applied so far, with their server-side metadata; the one place that changes them. */
export interface ConfigState {
  readonly applied: AppliedResources;
  /** Monotonic: tells derived views when to read again, and serves as the resourceVersion. */
  readonly version: number;
  objects(): readonly KubeObject[];
  replace(next: AppliedResources): void;
  meta(object: KubeObject): ObjectMeta;
}

const specOf = (object: KubeObject | undefined) => JSON.stringify(object?.spec ?? null);

export function createConfigState(onChange: () => void, now: () => number = Date.now): ConfigState {
  let applied: AppliedResources = new Map();
  let version = 0;
  const metas = new Map<string, ObjectMeta>();
  return {
    get applied() {
      return applied;
    },
    get version() {
      return version;
    },
    objects: () => [...applied.values()],
    replace(next) {
      version += 1;
      for (const [key, object] of next) {
        const before = metas.get(key);
        if (!before) {
          metas.set(key, {
            uid: randomUUID(),
            createdAt: now(),
            generation: 1,
            resourceVersion: version,
          });
        } else if (applied.get(key) !== object) {
          const generation =
            before.generation + (specOf(applied.get(key)) === specOf(object) ? 0 : 1);
          metas.set(key, { ...before, generation, resourceVersion: version });
        }
      }
      for (const key of metas.keys()) if (!next.has(key)) metas.delete(key);
      applied = next;
      onChange();
    },
    meta: (object) =>
      metas.get(resourceKey(object)) ?? {
        uid: "",
        createdAt: now(),
        generation: 1,
        resourceVersion: version,
      },
  };
}
