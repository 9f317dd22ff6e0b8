import { type AppliedResources, type KubeObject, resourceKey } from "@voting/mesh";

/** The objects applied so far, with when each was created; the one place that changes them. */
export interface ConfigState {
  readonly applied: AppliedResources;
  /** Monotonic: tells derived views when to read again. */
  readonly version: number;
  objects(): readonly KubeObject[];
  replace(next: AppliedResources): void;
  createdAt(object: KubeObject): number;
}

export function createConfigState(onChange: () => void, now: () => number = Date.now): ConfigState {
  let applied: AppliedResources = new Map();
  let version = 0;
  const created = new Map<string, number>();
  return {
    get applied() {
      return applied;
    },
    get version() {
      return version;
    },
    objects: () => [...applied.values()],
    replace(next) {
      for (const key of next.keys()) if (!created.has(key)) created.set(key, now());
      for (const key of created.keys()) if (!next.has(key)) created.delete(key);
      applied = next;
      version += 1;
      onChange();
    },
    createdAt: (object) => created.get(resourceKey(object)) ?? now(),
  };
}
