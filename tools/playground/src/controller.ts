import type { Pod } from "./pods/pod.js";
import type { Workload } from "./workload.js";

export interface Controller {
  /** Brings the pods in line with the Deployments; cheap, and safe to call at any time. */
  reconcile(): void;
  pods(): readonly Pod[];
  /** Deletes one pod; its Deployment starts a replacement. */
  deletePod(name: string): boolean;
  /** Stops every pod, all at once, and waits until they are gone. */
  stopAll(): Promise<void>;
}

export interface ControllerDeps {
  /** The Deployments as currently applied, already read. */
  workloads: () => readonly Workload[];
  newPod: (workload: Workload) => Pod;
  /** Told when a pod appears or disappears. */
  onChange: () => void;
}

/**
 * The Deployment controller, in short: keeps `replicas` pods of the current template, rolls a
 * changed template (new pods first; the old ones go as the new ones become ready, or all at
 * once first with `Recreate`), and removes the pods of deleted Deployments.
 */
export function createController(deps: ControllerDeps): Controller {
  const pods = new Map<string, Pod>();
  let stopped = false;

  const terminate = (pod: Pod) => {
    void pod.terminate().then(() => {
      pods.delete(pod.name);
      deps.onChange();
      reconcile();
    });
  };
  // Kubernetes scales down the pods that are not ready first, then the youngest.
  const byExpendability = (a: Pod, b: Pod) =>
    Number(a.ready) - Number(b.ready) || b.createdAt - a.createdAt;

  const reconcileOne = (workload: Workload, mine: Pod[]) => {
    const live = mine.filter((pod) => !pod.terminating);
    const current = live.filter((pod) => pod.templateHash === workload.templateHash);
    const old = live
      .filter((pod) => pod.templateHash !== workload.templateHash)
      .sort(byExpendability);
    if (workload.strategy === "Recreate") {
      old.forEach(terminate);
      // The new pods wait until no pod of an older template is left.
      if (mine.some((pod) => pod.templateHash !== workload.templateHash)) return;
    }
    for (let count = current.length; count < workload.replicas; count++) {
      const pod = deps.newPod(workload);
      pods.set(pod.name, pod);
      pod.start();
    }
    current
      .sort(byExpendability)
      .slice(0, Math.max(0, current.length - workload.replicas))
      .forEach(terminate);
    const readyCurrent = current.filter((pod) => pod.ready).length;
    old
      .slice(0, Math.max(0, old.length - Math.max(0, workload.replicas - readyCurrent)))
      .forEach(terminate);
    for (const pod of current) pod.retry();
  };

  function reconcile() {
    if (stopped) return;
    const workloads = deps.workloads();
    const names = new Set(workloads.map((workload) => workload.name));
    const before = pods.size;
    for (const workload of workloads) {
      reconcileOne(
        workload,
        [...pods.values()].filter((pod) => pod.deployment === workload.name),
      );
    }
    for (const pod of pods.values())
      if (!names.has(pod.deployment) && !pod.terminating) terminate(pod);
    if (pods.size !== before) deps.onChange();
  }

  return {
    reconcile,
    pods: () => [...pods.values()],
    deletePod(name) {
      const pod = pods.get(name);
      if (!pod || pod.terminating) return false;
      terminate(pod);
      reconcile();
      return true;
    },
    async stopAll() {
      stopped = true;
      await Promise.all([...pods.values()].map((pod) => pod.terminate()));
      pods.clear();
    },
  };
}
