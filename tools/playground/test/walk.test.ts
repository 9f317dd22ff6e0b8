import { loadManifest, TUTORIAL_WALKS } from "@voting/manifests";
import { describe, expect, it } from "vitest";
import { createCommands } from "../src/commands/index.js";
import { createConfigState } from "../src/config-state.js";
import type { Controller } from "../src/controller.js";
import { createImageCatalog } from "../src/images.js";
import { INSTALLS } from "../src/install.js";
import { walkTo, type WalkOptions } from "../src/launcher/walk.js";
import { readConfig } from "../src/validate.js";

const noPods: Controller = {
  reconcile: () => {},
  pods: () => [],
  deletePod: () => false,
  stopAll: async () => {},
};

function resume(step: number, options: WalkOptions = {}) {
  const config = createConfigState(() => {});
  const image = createImageCatalog([]);
  const run = createCommands({
    namespace: "voting",
    config,
    controller: noPods,
    check: (objects) => void readConfig(objects, { namespace: "voting", image }),
  });
  const printed: string[] = [];
  walkTo(step, { run, load: loadManifest, print: (line) => printed.push(line) }, options);
  return { printed, config };
}

describe("npm start --at-step N", () => {
  it("when resuming at step 2, then steps 1 and 2 are applied in the tutorial's order, each command shown", () => {
    const commands = resume(2).printed.filter((line) => line.startsWith("$ "));
    expect(commands).toEqual([
      "$ npm run apply -- -f k8s/step-1-create-voting-app.yaml --namespace voting",
      "$ npm run apply -- -f istio/step-1-create-voting-app-gateway.yaml --namespace voting",
      "$ npm run apply -- -f k8s/step-2-update-voting-analytics-to-1.1.yaml --namespace voting",
      "$ npm run apply -- -f istio/step-2-update-and-add-routing-for-all-components.yaml --namespace voting",
    ]);
  });

  it("when resuming at the last step, then only the 2.0 deployments are left", () => {
    const { config } = resume(4);
    const deployments = config.objects().filter((object) => object.kind === "Deployment");
    expect(deployments.map((object) => object.metadata.name).sort()).toEqual([
      "voting-analytics-2-0",
      "voting-app-2-0",
      "voting-storage-2-0",
    ]);
  });

  it("when starting empty, then nothing is applied or printed", () => {
    expect(resume(0)).toMatchObject({ printed: [] });
  });

  it("when the aks-addon walk starts, then the namespace gets the revision label first and the add-on's Gateway follows step 1's Istio file", () => {
    const { printed, config } = resume(1, {
      walk: TUTORIAL_WALKS["aks-addon"],
      injectionLabel: INSTALLS["aks-addon"].injectionLabel,
    });
    expect(printed.filter((line) => line.startsWith("$ "))).toEqual([
      "$ npm run label -- namespace voting istio.io/rev=asm-1-28",
      "$ npm run apply -- -f k8s/step-1-create-voting-app.yaml --namespace voting",
      "$ npm run apply -- -f istio/step-1-create-voting-app-gateway.yaml --namespace voting",
      "$ npm run apply -- -f istio/ingress/aks-addon.yaml --namespace voting",
    ]);
    expect(printed[1]).toBe("namespace/voting labeled");
    const gateway = config.objects().find((object) => object.kind === "Gateway");
    expect(gateway?.spec).toMatchObject({
      selector: { istio: "aks-istio-ingressgateway-external" },
    });
  });

  it("when the Gateway API walk reaches step 4, then its HTTPRoute sends everyone to 2.0 and no Istio Gateway exists", () => {
    const { printed, config } = resume(4, { walk: TUTORIAL_WALKS["gateway-api"] });
    expect(printed.filter((line) => line.startsWith("$ "))).toEqual([
      "$ npm run apply -- -f k8s/step-1-create-voting-app.yaml --namespace voting",
      "$ npm run apply -- -f gateway-api/step-1-create-voting-app-gateway.yaml --namespace voting",
      "$ npm run apply -- -f k8s/step-2-update-voting-analytics-to-1.1.yaml --namespace voting",
      "$ npm run apply -- -f istio/step-2-update-and-add-routing-for-all-components.yaml --namespace voting",
      "$ npm run apply -- -f istio/step-3-add-routing-for-2.0-components.yaml --namespace voting",
      "$ npm run apply -- -f gateway-api/step-3-add-routing-for-2.0-components.yaml --namespace voting",
      "$ npm run apply -- -f k8s/step-3-update-voting-app-with-new-storage.yaml --namespace voting",
      "$ npm run apply -- -f istio/step-4-route-all-users-to-2.0.yaml --namespace voting",
      "$ npm run apply -- -f gateway-api/step-4-route-all-users-to-2.0.yaml --namespace voting",
      "$ npm run delete -- deployment.apps -l 'version in (1.0,1.1)' --namespace voting",
      "$ npm run apply -- -f k8s/step-4-remove-redis-port.yaml --namespace voting",
    ]);
    const kinds = config.objects().map((object) => `${object.apiVersion} ${object.kind}`);
    expect(kinds).toContain("gateway.networking.k8s.io/v1 HTTPRoute");
    expect(kinds).not.toContain("networking.istio.io/v1 Gateway");
  });
});
