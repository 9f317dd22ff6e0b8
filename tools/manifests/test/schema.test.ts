import { describe, expect, it } from "vitest";
import {
  loadManifest,
  manifestFiles,
  TUTORIAL_WALK,
  TUTORIAL_WALKS,
  validateObject,
} from "../src/index.js";
import { changed } from "./helpers.js";

const files = manifestFiles();

describe("every manifest validates against its schema", () => {
  it("when the folders are listed, then every file of the walk and the extras are among them", () => {
    const walkFiles = TUTORIAL_WALK.flatMap((action) => ("apply" in action ? [action.apply] : []));
    expect(files).toEqual(expect.arrayContaining(walkFiles));
    expect(files.filter((file) => file.startsWith("istio/extras/")).length).toBeGreaterThanOrEqual(
      6,
    );
  });

  it.each(files)(
    "when %s is read, then each document is schema-valid, with no unknown field and RE2-valid regexes",
    (file) => {
      const documents = loadManifest(file);
      expect(documents.length).toBeGreaterThan(0);
      for (const document of documents) {
        expect({
          name: `${document.kind}/${document.metadata.name}`,
          problems: validateObject(document),
        }).toEqual({
          name: `${document.kind}/${document.metadata.name}`,
          problems: [],
        });
      }
    },
  );
});

describe("the strict check catches what the schemas let through", () => {
  const [storage] = loadManifest("k8s/step-1-create-voting-app.yaml");
  const appRoutes = loadManifest("istio/step-3-add-routing-for-2.0-components.yaml")[1];
  const cookie = "spec.http[0].match[0].headers";

  it("when a Deployment field is misspelt, then it is named as unknown", () => {
    const broken = changed(storage, {
      "spec.template.spec.containers[0].readinesProbe": { tcpSocket: { port: "redis" } },
    });
    expect(validateObject(broken)).toEqual([
      "spec.template.spec.containers[0].readinesProbe: unknown field",
    ]);
  });

  it("when an Istio match field is misspelt, then it is named as unknown", () => {
    const broken = changed(appRoutes, {
      "spec.http[0].match[0].header": { cookie: { exact: "featureflag=on" } },
      [cookie]: undefined,
    });
    expect(validateObject(broken)).toEqual(["spec.http[0].match[0].header: unknown field"]);
  });

  it("when a value has the wrong type, then the schema error is reported", () => {
    const broken = changed(appRoutes, { "spec.http[0].route[0].destination.port.number": "8080" });
    expect(validateObject(broken).join()).toContain("number must be integer");
  });

  it("when a regex uses syntax RE2 lacks, then it is reported", () => {
    const broken = changed(appRoutes, { [`${cookie}.cookie.regex`]: "^(?!x)featureflag=on$" });
    expect(validateObject(broken)).toEqual([
      expect.stringContaining("spec.http[0].match[0].headers.cookie.regex: not a valid RE2"),
    ]);
  });

  it("when a kind or API version has no schema, then it is reported", () => {
    const policy = {
      apiVersion: "authentication.istio.io/v1alpha1",
      kind: "Policy",
      metadata: { name: "default" },
      spec: {},
    };
    expect(validateObject(policy)).toEqual([
      expect.stringContaining("no schema for authentication.istio.io/v1alpha1/Policy"),
    ]);
  });
});

describe("the Gateway API files are held to the same schemas", () => {
  const [gateway, route] = loadManifest("gateway-api/step-1-create-voting-app-gateway.yaml");
  const canary = loadManifest("gateway-api/step-3-add-routing-for-2.0-components.yaml")[2];

  it("when every variant's walk is listed, then each of its files is among the validated files", () => {
    const walkFiles = Object.values(TUTORIAL_WALKS).flatMap((walk) =>
      walk.flatMap((action) => ("apply" in action ? [action.apply] : [])),
    );
    expect(files).toEqual(expect.arrayContaining(walkFiles));
    expect(files).toEqual(
      expect.arrayContaining(["istio/ingress/helm.yaml", "istio/ingress/aks-addon.yaml"]),
    );
  });

  it("when a Gateway listener or an HTTPRoute match field is misspelt, then it is named as unknown", () => {
    expect(validateObject(changed(gateway, { "spec.listeners[0].hostName": "a.example" }))).toEqual(
      ["spec.listeners[0].hostName: unknown field"],
    );
    expect(
      validateObject(changed(route, { "spec.rules[0].matches[0].paths": { value: "/" } })),
    ).toEqual(["spec.rules[0].matches[0].paths: unknown field"]);
  });

  it("when a Gateway has no gatewayClassName or an HTTPRoute match type is unknown, then the schema error is reported", () => {
    expect(
      validateObject(changed(gateway, { "spec.gatewayClassName": undefined })).join(),
    ).toContain("gatewayClassName");
    expect(
      validateObject(changed(canary, { "spec.rules[0].matches[0].headers[0].type": "Regex" })),
    ).not.toEqual([]);
  });

  it("when an HTTPRoute's RegularExpression uses syntax RE2 lacks, then it is reported", () => {
    const broken = changed(canary, {
      "spec.rules[0].matches[0].headers[0].value": "^(?!x)featureflag=on$",
    });
    expect(validateObject(broken)).toEqual([
      expect.stringContaining("spec.rules[0].matches[0].headers[0].value: not a valid RE2"),
    ]);
  });
});
