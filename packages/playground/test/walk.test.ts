import { loadManifest } from "@voting/manifests";
import { describe, expect, it } from "vitest";
import { createCommands } from "../src/commands/index.js";
import { createConfigState } from "../src/config-state.js";
import type { Controller } from "../src/controller.js";
import { createImageCatalog } from "../src/images.js";
import { walkTo } from "../src/launcher/walk.js";
import { readConfig } from "../src/validate.js";

const noPods: Controller = {
  reconcile: () => {},
  pods: () => [],
  deletePod: () => false,
  stopAll: async () => {},
};

function resume(step: number) {
  const config = createConfigState(() => {});
  const image = createImageCatalog([]);
  const run = createCommands({
    namespace: "voting",
    config,
    controller: noPods,
    check: (objects) => void readConfig(objects, { namespace: "voting", image }),
  });
  const printed: string[] = [];
  walkTo(step, { run, load: loadManifest, print: (line) => printed.push(line) });
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
});
