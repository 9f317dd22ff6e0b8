/** Who to tell when an object or a pod changes. */
export interface Changes {
  notify(): void;
  /** Counts the changes so far: the resourceVersion of a list, and where a watch starts. */
  revision(): number;
  /** Calls `listener` on every change; returns how to stop. */
  subscribe(listener: () => void): () => void;
}

export function createChanges(): Changes {
  const listeners = new Set<() => void>();
  let revision = 0;
  return {
    notify: () => {
      revision += 1;
      listeners.forEach((listener) => listener());
    },
    revision: () => revision,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/**
 * `action` once per burst of calls: changes come in bursts (a file of six objects, three pods
 * turning ready), and reacting once, on the next turn of the event loop, is enough.
 */
export function batched(action: () => void): () => void {
  let scheduled = false;
  return () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      action();
    });
  };
}
