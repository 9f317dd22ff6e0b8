import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scriptsDir } from "./support/repo.js";
import { run } from "./support/run.js";

const script = path.join(scriptsDir, "use-registry.sh");

const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: voting-app-1-0
spec:
  template:
    spec:
      containers:
        - name: voting-app
          image: voting/voting-app:1.0
        - image: "voting/voting-analytics:1.1"
          name: quoted
        - name: not-ours
          image: voting/voting-app:1.0-rc1
        - name: elsewhere
          image: other.example.test/voting/voting-app:1.0
      # image: voting/voting-app:2.0 (a comment stays as it is)
`;

describe("scripts/use-registry.sh", () => {
  let dir: string;
  let from: string;
  let out: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "use-registry-"));
    from = path.join(dir, "k8s");
    out = path.join(dir, "out");
    mkdirSync(from);
    writeFileSync(path.join(from, "step-1-create-voting-app.yaml"), manifest);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("when given a registry, then the copies name it in front of every image of images.txt, and only those", async () => {
    const result = await run(script, ["--from", from, "--out", out, "myacr.azurecr.io"]);

    expect(result.code).toBe(0);
    const copy = readFileSync(path.join(out, "step-1-create-voting-app.yaml"), "utf8");
    expect(copy).toBe(
      manifest
        .replace(
          "image: voting/voting-app:1.0\n",
          "image: myacr.azurecr.io/voting/voting-app:1.0\n",
        )
        .replace('"voting/voting-analytics:1.1"', '"myacr.azurecr.io/voting/voting-analytics:1.1"'),
    );
    expect(result.stdout).toContain("2 image references now point to myacr.azurecr.io");
  });

  it("when the copies are written, then the original manifests are left as they were", async () => {
    await run(script, ["--from", from, "--out", out, "myacr.azurecr.io"]);

    expect(readFileSync(path.join(from, "step-1-create-voting-app.yaml"), "utf8")).toBe(manifest);
  });

  it("when the registry has a path and a port, then it is kept whole", async () => {
    const result = await run(script, [
      "--from",
      from,
      "--out",
      out,
      "registry.example.test:5000/team/",
    ]);

    expect(result.code).toBe(0);
    const copy = readFileSync(path.join(out, "step-1-create-voting-app.yaml"), "utf8");
    expect(copy).toContain("image: registry.example.test:5000/team/voting/voting-app:1.0\n");
  });

  it("when the registry name holds characters a registry cannot, then nothing is written", async () => {
    const result = await run(script, ["--from", from, "--out", out, "my acr;rm -rf"]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("does not look like a registry name");
  });

  it("when no registry is given, then it shows the usage and exits 2", async () => {
    const result = await run(script, ["--from", from]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Usage: scripts/use-registry.sh");
  });

  it("when build-images.sh --push or --acr has published the images, then every image the copies of k8s/ name is one it published", async () => {
    const result = await run(script, ["--out", out, "myacr.azurecr.io"]);
    expect(result.code).toBe(0);
    const named = readdirSync(out).flatMap((file) =>
      [
        ...readFileSync(path.join(out, file), "utf8").matchAll(/^\s*image:\s*"?([^"\s]+)"?\s*$/gm),
      ].map((match) => match[1]!),
    );
    expect(named.length).toBeGreaterThan(0);

    const buildImages = path.join(scriptsDir, "build-images.sh");
    const pushed = await run(buildImages, [
      "--dry-run",
      "--registry",
      "myacr.azurecr.io",
      "--push",
    ]);
    const pushedTags = [...pushed.stdout.matchAll(/--tag (\S+) --push/g)].map((match) => match[1]);
    const acr = await run(buildImages, ["--dry-run", "--acr", "myacr"]);
    const acrTags = [...acr.stdout.matchAll(/--image (\S+)/g)].map(
      (match) => `myacr.azurecr.io/${match[1]}`,
    );
    for (const image of new Set(named)) {
      expect(pushedTags, image).toContain(image);
      expect(acrTags, image).toContain(image);
    }
  });
});
