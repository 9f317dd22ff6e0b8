import { applyResources } from "@voting/mesh";
import { describe, expect, it } from "vitest";
import { analyze, loadImageList, loadManifest, NAMESPACE, TUTORIAL_WALK } from "../src/index.js";
import { after, endOfStep, objectsAfter, walk } from "./helpers.js";

/** What kubectl prints for each command of the walk: the tutorial's lines, Policy replaced. */
const EXPECTED_LINES: readonly (readonly string[])[] = [
  [
    "deployment.apps/voting-storage-1-0 created",
    "service/voting-storage created",
    "deployment.apps/voting-analytics-1-0 created",
    "service/voting-analytics created",
    "deployment.apps/voting-app-1-0 created",
    "service/voting-app created",
  ],
  [
    "virtualservice.networking.istio.io/voting-app created",
    "gateway.networking.istio.io/voting-app-gateway created",
  ],
  ["deployment.apps/voting-analytics-1-1 created"],
  [
    "virtualservice.networking.istio.io/voting-app configured",
    "peerauthentication.security.istio.io/default created",
    "destinationrule.networking.istio.io/voting-app created",
    "destinationrule.networking.istio.io/voting-analytics created",
    "virtualservice.networking.istio.io/voting-analytics created",
    "destinationrule.networking.istio.io/voting-storage created",
    "virtualservice.networking.istio.io/voting-storage created",
  ],
  [
    "destinationrule.networking.istio.io/voting-app configured",
    "virtualservice.networking.istio.io/voting-app configured",
    "destinationrule.networking.istio.io/voting-analytics configured",
    "virtualservice.networking.istio.io/voting-analytics configured",
    "destinationrule.networking.istio.io/voting-storage configured",
    "virtualservice.networking.istio.io/voting-storage configured",
  ],
  [
    "service/voting-storage configured",
    "secret/voting-storage-secret created",
    "deployment.apps/voting-storage-2-0 created",
    "persistentvolumeclaim/mysql-pv-claim created",
    "deployment.apps/voting-analytics-2-0 created",
    "deployment.apps/voting-app-2-0 created",
  ],
  [
    "destinationrule.networking.istio.io/voting-app configured",
    "virtualservice.networking.istio.io/voting-app configured",
    "destinationrule.networking.istio.io/voting-analytics configured",
    "virtualservice.networking.istio.io/voting-analytics configured",
    "destinationrule.networking.istio.io/voting-storage configured",
    "virtualservice.networking.istio.io/voting-storage configured",
  ],
  [
    'deployment.apps "voting-analytics-1-0" deleted from voting namespace',
    'deployment.apps "voting-analytics-1-1" deleted from voting namespace',
    'deployment.apps "voting-app-1-0" deleted from voting namespace',
    'deployment.apps "voting-storage-1-0" deleted from voting namespace',
  ],
  ["service/voting-storage configured"],
];

const images = loadImageList();

describe("the walk prints what the tutorial prints", () => {
  it.each(TUTORIAL_WALK.map((action, index) => [JSON.stringify(action), index] as const))(
    "when %s runs, then kubectl prints the tutorial's lines in order",
    (_name, index) => {
      expect(walk[index]!.lines).toEqual(EXPECTED_LINES[index]);
    },
  );

  it("when a step's file is applied a second time, then every line says unchanged", () => {
    for (const state of walk) {
      if (!("apply" in state.action)) continue;
      const again = applyResources(state.applied, loadManifest(state.action.apply), NAMESPACE);
      expect(again.lines.every((line) => line.endsWith(" unchanged"))).toBe(true);
    }
  });

  it("when the walk ends, then only the 2.0 deployments remain and nothing refers to a 1.x version", () => {
    const objects = endOfStep(4);
    const deployments = objects
      .filter((object) => object.kind === "Deployment")
      .map((object) => object.metadata.name);
    expect(deployments.sort()).toEqual([
      "voting-analytics-2-0",
      "voting-app-2-0",
      "voting-storage-2-0",
    ]);
    const text = JSON.stringify(objects);
    expect(text).not.toMatch(/v1-[01]|"1\.[01]"|6379/);
  });
});

describe("cross-references hold at the end of every step", () => {
  it.each([1, 2, 3, 4])("when step %i is complete, then analysis finds no problem", (step) => {
    expect(analyze(endOfStep(step), { images })).toEqual([]);
  });

  it("when only the Istio file of step 3 is applied, then the only gaps are the 2.0 pods and port 3306 still to come", () => {
    const problems = analyze(objectsAfter("istio/step-3-add-routing-for-2.0-components.yaml"), {
      images,
    });
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toMatch(/v2-0|"2\.0"|port 3306/);
  });

  it("when the walk runs, then the delete step removes only deployments", () => {
    const before = walk[walk.indexOf(after("delete")) - 1]!.applied;
    const removed = [...before.keys()].filter((key) => !after("delete").applied.has(key));
    expect(removed.every((key) => key.startsWith("deployment.apps/"))).toBe(true);
  });
});
