import { describe, expect, it } from "vitest";
import { parseKubectlArgs } from "../src/kubectl/args.js";

describe("the playground's kubectl arguments", () => {
  it("when apply gets several -f and --namespace voting, then it keeps the files in order", () => {
    expect(
      parseKubectlArgs(["apply", "-f", "a.yaml", "--filename", "b.yaml", "--namespace", "voting"]),
    ).toEqual({
      verb: "apply",
      namespace: "voting",
      files: ["a.yaml", "b.yaml"],
      recursive: false,
      controlPort: 8079,
    });
  });

  it("when -n names another namespace, then it is refused, naming the one served", () => {
    expect(() => parseKubectlArgs(["get", "pods", "-n", "default"])).toThrow(
      'the playground serves only namespace "voting", not "default"',
    );
  });

  it("when a flag is unknown, then it is refused by name with the flags that verb takes", () => {
    expect(() => parseKubectlArgs(["apply", "-f", "a.yaml", "--dry-run=client"])).toThrow(
      /unknown flag: --dry-run.*-f\/--filename/,
    );
    expect(() => parseKubectlArgs(["get", "pods", "-o", "yaml"])).toThrow("unknown flag: -o");
  });

  it("when the verb is unknown, then it is refused with the verbs served", () => {
    expect(() => parseKubectlArgs(["describe", "pod", "x"])).toThrow(
      'unknown command "describe" for "kubectl": the playground serves apply, delete, get, logs, label',
    );
  });

  it("when delete names a type and names, or TYPE/NAME, then both read the same", () => {
    const spaced = parseKubectlArgs(["delete", "deployment", "voting-app-1-0", "voting-app-2-0"]);
    const slashed = parseKubectlArgs([
      "delete",
      "deployment/voting-app-1-0",
      "deployment/voting-app-2-0",
    ]);
    expect(slashed).toEqual(spaced);
    expect(spaced).toMatchObject({
      resource: "deployment",
      names: ["voting-app-1-0", "voting-app-2-0"],
    });
  });

  it("when delete gets a selector, then names are not allowed beside it", () => {
    expect(parseKubectlArgs(["delete", "deployment", "-l", "version in (1.0,1.1)"])).toMatchObject({
      selector: "version in (1.0,1.1)",
      names: [],
    });
    expect(() => parseKubectlArgs(["delete", "deployment", "x", "-l", "app=a"])).toThrow(
      "name cannot be provided",
    );
  });

  it("when delete has neither names nor a selector, then it says what is missing", () => {
    expect(() => parseKubectlArgs(["delete", "deployment"])).toThrow("no name was specified");
    expect(() => parseKubectlArgs(["delete"])).toThrow("you must provide one or more resources");
  });

  it("when apply has no -f, then it is refused", () => {
    expect(() => parseKubectlArgs(["apply"])).toThrow("must specify -f FILE");
  });

  it("when the control port comes from the environment or a flag, then the flag wins", () => {
    expect(parseKubectlArgs(["get", "pods"], { PLAYGROUND_CONTROL_PORT: "18079" })).toMatchObject({
      controlPort: 18079,
    });
    expect(
      parseKubectlArgs(["get", "pods", "--control-port", "9000"], {
        PLAYGROUND_CONTROL_PORT: "18079",
      }),
    ).toMatchObject({
      controlPort: 9000,
    });
    expect(() => parseKubectlArgs(["get", "pods"], { PLAYGROUND_CONTROL_PORT: "http" })).toThrow(
      "must be a port number",
    );
  });

  it("when logs names pod/NAME, then the pod's name is read", () => {
    expect(parseKubectlArgs(["logs", "pod/voting-app-1-0-abc", "--tail", "5"])).toMatchObject({
      pod: "voting-app-1-0-abc",
      tail: 5,
    });
  });

  it("when label sets and removes keys on namespace voting, then every change is kept in order", () => {
    expect(
      parseKubectlArgs([
        "label",
        "namespace",
        "voting",
        "istio.io/rev=asm-1-28",
        "istio-injection-",
        "--overwrite",
      ]),
    ).toEqual({
      verb: "label",
      namespace: "voting",
      resource: "namespace",
      name: "voting",
      changes: [
        { key: "istio.io/rev", value: "asm-1-28" },
        { key: "istio-injection", value: null },
      ],
      overwrite: true,
      controlPort: 8079,
    });
    expect(parseKubectlArgs(["label", "ns/voting", "istio-injection=enabled"])).toMatchObject({
      resource: "ns",
      name: "voting",
      changes: [{ key: "istio-injection", value: "enabled" }],
      overwrite: false,
    });
  });

  it("when label has no change, an invalid one, or no object, then it is refused as kubectl does", () => {
    expect(() => parseKubectlArgs(["label", "namespace", "voting"])).toThrow(
      "at least one label update is required",
    );
    expect(() => parseKubectlArgs(["label", "namespace", "voting", "istio.io/rev=a b"])).toThrow(
      "invalid label spec: istio.io/rev=a b",
    );
    expect(() => parseKubectlArgs(["label", "namespace", "a=b"])).toThrow(
      "give one object and its labels",
    );
  });
});
