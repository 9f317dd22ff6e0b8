import { describe, expect, it } from "vitest";
import { createController } from "../src/controller.js";
import type { Pod } from "../src/pods/pod.js";
import type { Workload } from "../src/workload.js";

/** Pods that only keep the state the controller reads; a test decides when they are ready. */
function setUp(initial: Workload[]) {
  let workloads = initial;
  let count = 0;
  const made: (Pod & { becomeReady(): void })[] = [];
  const controller = createController({
    workloads: () => workloads,
    onChange: () => {},
    newPod: (workload) => {
      let ready = false;
      let terminating = false;
      const pod = {
        name: `${workload.name}-${workload.templateHash}-${count++}`,
        deployment: workload.name,
        templateHash: workload.templateHash,
        createdAt: count,
        get ready() {
          return ready;
        },
        get terminating() {
          return terminating;
        },
        start: () => {},
        retry: () => {},
        terminate: async () => void (terminating = true),
        becomeReady: () => void (ready = true),
      } as unknown as Pod & { becomeReady(): void };
      made.push(pod);
      return pod;
    },
  });
  const live = () =>
    controller
      .pods()
      .filter((pod) => !pod.terminating)
      .map((pod) => pod.templateHash)
      .sort();
  return { controller, made, live, set: (next: Workload[]) => (workloads = next) };
}

const workload = (
  templateHash: string,
  replicas: number,
  strategy: Workload["strategy"] = "RollingUpdate",
) =>
  ({
    name: "voting-app-1-0",
    replicas,
    strategy,
    templateHash,
    podLabels: {},
    graceMs: 0,
  }) as unknown as Workload;

describe("the Deployment controller", () => {
  it("when a Deployment is created or scaled, then it keeps that many pods of its template", () => {
    const { controller, live, set } = setUp([workload("a", 3)]);
    controller.reconcile();
    expect(live()).toEqual(["a", "a", "a"]);
    set([workload("a", 1)]);
    controller.reconcile();
    expect(live()).toEqual(["a"]);
  });

  it("when the template changes, then the old pods stay until the new ones are ready", () => {
    const { controller, made, live, set } = setUp([workload("a", 2)]);
    controller.reconcile();
    made.forEach((pod) => pod.becomeReady());
    set([workload("b", 2)]);
    controller.reconcile();
    expect(live()).toEqual(["a", "a", "b", "b"]);
    made.filter((pod) => pod.templateHash === "b")[0]!.becomeReady();
    controller.reconcile();
    expect(live()).toEqual(["a", "b", "b"]);
    made.filter((pod) => pod.templateHash === "b")[1]!.becomeReady();
    controller.reconcile();
    expect(live()).toEqual(["b", "b"]);
  });

  it("when the strategy is Recreate, then the old pods go before any new one starts", async () => {
    const { controller, made, live, set } = setUp([workload("a", 1, "Recreate")]);
    controller.reconcile();
    made[0]!.becomeReady();
    set([workload("b", 1, "Recreate")]);
    controller.reconcile();
    expect(live()).toEqual([]);
    // The new pod starts once the old one has gone (its terminate resolves).
    await expect.poll(live).toEqual(["b"]);
  });

  it("when a Deployment is deleted, then its pods go; when a pod is deleted, then it is replaced", () => {
    const { controller, live, set } = setUp([workload("a", 2)]);
    controller.reconcile();
    expect(controller.deletePod(controller.pods()[0]!.name)).toBe(true);
    expect(live()).toEqual(["a", "a"]);
    set([]);
    controller.reconcile();
    expect(live()).toEqual([]);
  });
});
