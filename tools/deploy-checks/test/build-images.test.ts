import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { installFakeTools, type FakeTools } from "./support/fake-tools.js";
import { readImages, repoRoot, scriptsDir } from "./support/repo.js";
import { run } from "./support/run.js";

const script = path.join(scriptsDir, "build-images.sh");
const images = readImages();

/** Runs the script from another directory, to show it finds the repository by itself. */
function buildImages(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const { REGISTRY: _registry, KIND_CLUSTER: _cluster, ...rest } = env;
  return run(script, args, { cwd: "/", env: rest });
}

function commandLines(stdout: string): string[][] {
  return stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => line.split(" "));
}

function parseBuild(words: string[]) {
  const valueOf = (flag: string) =>
    words.flatMap((word, index) => (word === flag ? [words[index + 1]] : []));
  return {
    dockerfile: valueOf("--file"),
    buildArgs: valueOf("--build-arg"),
    tags: valueOf("--tag"),
    platforms: valueOf("--platform"),
    context: words.at(-1),
  };
}

/** The single-platform builds into the local image store: `docker build`. */
function builds(stdout: string) {
  return commandLines(stdout)
    .filter((words) => words[0] === "docker" && words[1] === "build")
    .map(parseBuild);
}

/** The multi-platform builds that push: `docker buildx build ... --push`. */
function buildxBuilds(stdout: string) {
  return commandLines(stdout)
    .filter((words) => words.slice(0, 3).join(" ") === "docker buildx build")
    .map((words) => ({
      ...parseBuild(words),
      builder: words[words.indexOf("--builder") + 1],
      words,
    }));
}

/** The queries the script asks docker before it acts; --dry-run runs and prints none. */
function isQuery(call: string[]): boolean {
  return call[0] === "docker" && call[1] === "buildx" && ["inspect", "version"].includes(call[2]!);
}

describe("scripts/build-images.sh", () => {
  let fakes: FakeTools | undefined;
  afterEach(() => fakes?.cleanup());

  it("when scripts/images.txt is read, then it lists seven images, each with an existing Dockerfile", () => {
    expect(images.map((entry) => entry.image)).toEqual([
      "voting/voting-storage:1.0",
      "voting/voting-storage:2.0",
      "voting/voting-analytics:1.0",
      "voting/voting-analytics:1.1",
      "voting/voting-analytics:2.0",
      "voting/voting-app:1.0",
      "voting/voting-app:2.0",
    ]);
  });

  it("when run with --dry-run, then it builds exactly the images of images.txt, each from the root with its version as SERVICE_VERSION, for this machine's platform", async () => {
    const result = await buildImages(["--dry-run"]);
    expect(result.code).toBe(0);
    expect(builds(result.stdout)).toEqual(
      images.map((entry) => ({
        dockerfile: [entry.dockerfile],
        buildArgs: [`SERVICE_VERSION=${entry.tag}`],
        tags: [entry.image],
        platforms: [],
        context: ".",
      })),
    );
    expect(commandLines(result.stdout)).toHaveLength(images.length);
  });

  it("when given a registry without --push, then each local image gets a second tag under it and nothing is pushed", async () => {
    const result = await buildImages(["--dry-run", "--registry", "myacr.azurecr.io/"]);
    expect(result.code).toBe(0);
    expect(builds(result.stdout).map((build) => build.tags)).toEqual(
      images.map((entry) => [entry.image, `myacr.azurecr.io/${entry.image}`]),
    );
    expect(result.stdout).not.toMatch(/--push|docker push|buildx/);
  });

  it("when given --registry and --push, then buildx builds every image for linux/amd64 and linux/arm64 and pushes only the registry's tag", async () => {
    const result = await buildImages(["--dry-run", "--registry", "myacr.azurecr.io/", "--push"]);
    expect(result.code).toBe(0);
    const lines = commandLines(result.stdout);
    expect(lines[0]).toEqual([
      "docker",
      "buildx",
      "create",
      "--name",
      "voting-multiarch",
      "--driver",
      "docker-container",
      "--bootstrap",
    ]);
    expect(buildxBuilds(result.stdout).map(({ words: _words, ...build }) => build)).toEqual(
      images.map((entry) => ({
        dockerfile: [entry.dockerfile],
        buildArgs: [`SERVICE_VERSION=${entry.tag}`],
        tags: [`myacr.azurecr.io/${entry.image}`],
        platforms: ["linux/amd64,linux/arm64"],
        context: ".",
        builder: "voting-multiarch",
      })),
    );
    for (const build of buildxBuilds(result.stdout)) expect(build.words).toContain("--push");
    // A multi-platform image cannot be loaded locally: no single-platform build, no docker push.
    expect(builds(result.stdout)).toEqual([]);
    expect(lines).toHaveLength(1 + images.length);
  });

  it("when --push comes with --platform, then buildx builds those platforms instead", async () => {
    const result = await buildImages([
      "--dry-run",
      "--registry",
      "r.example.test",
      "--push",
      "--platform",
      "linux/arm64",
      "voting-app:2.0",
    ]);
    expect(result.code).toBe(0);
    expect(buildxBuilds(result.stdout).map((build) => build.platforms)).toEqual([["linux/arm64"]]);
  });

  it("when --push comes with --builder, then that builder is created and used", async () => {
    const result = await buildImages([
      "--dry-run",
      "--registry",
      "r.example.test",
      "--push",
      "--builder",
      "ci-builder",
      "voting-app:2.0",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "docker buildx create --name ci-builder --driver docker-container",
    );
    expect(buildxBuilds(result.stdout).map((build) => build.builder)).toEqual(["ci-builder"]);
  });

  it("when several platforms are asked for without --push, then it stops: they cannot be loaded into the local image store", async () => {
    const result = await buildImages(["--dry-run", "--platform", "linux/amd64,linux/arm64"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("more than one platform needs --registry REG --push");
  });

  it("when REGISTRY is set in the environment, then it is used as the registry", async () => {
    const result = await run(script, ["--dry-run", "--push"], {
      env: { ...process.env, REGISTRY: "registry.example.test:5000" },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "--tag registry.example.test:5000/voting/voting-app:2.0 --push .",
    );
  });

  it("when given --kind, then it loads every image into that kind cluster after building", async () => {
    const result = await buildImages(["--dry-run", "--kind", "voting"]);
    expect(result.code).toBe(0);
    const lines = commandLines(result.stdout);
    const loads = lines.filter((words) => words[0] === "kind");
    expect(loads).toEqual(
      images.map((entry) => ["kind", "load", "docker-image", entry.image, "--name", "voting"]),
    );
    const lastBuild = lines.findLastIndex((words) => words[1] === "build");
    expect(lines.findIndex((words) => words[0] === "kind")).toBeGreaterThan(lastBuild);
  });

  it("when given --kind with --push, then the registry gets both platforms and kind gets a local build for this machine's", async () => {
    const result = await buildImages([
      "--dry-run",
      "--registry",
      "r.example.test",
      "--push",
      "--kind",
      "voting",
    ]);
    expect(result.code).toBe(0);
    expect(buildxBuilds(result.stdout)).toHaveLength(images.length);
    expect(builds(result.stdout).map((build) => [build.tags, build.platforms])).toEqual(
      images.map((entry) => [[entry.image], []]),
    );
    expect(commandLines(result.stdout).filter((words) => words[0] === "kind")).toHaveLength(
      images.length,
    );
  });

  it("when given --platform, then every local build is for that platform", async () => {
    const result = await buildImages(["--dry-run", "--platform", "linux/amd64"]);
    const lines = commandLines(result.stdout);
    expect(lines.length).toBe(images.length);
    for (const words of lines) expect(words.join(" ")).toContain("--platform linux/amd64 .");
  });

  it("when given image names, then it builds those alone, with or without tag or owner", async () => {
    const result = await buildImages([
      "--dry-run",
      "voting-analytics",
      "voting/voting-app:2.0",
      "voting-storage:1.0",
    ]);
    expect(result.code).toBe(0);
    expect(builds(result.stdout).map((build) => build.tags[0])).toEqual([
      "voting/voting-storage:1.0",
      "voting/voting-analytics:1.0",
      "voting/voting-analytics:1.1",
      "voting/voting-analytics:2.0",
      "voting/voting-app:2.0",
    ]);
  });

  it("when given an image name that images.txt does not list, then it builds nothing and says so", async () => {
    const result = await buildImages(["--dry-run", "voting-app:3.0"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("no image in scripts/images.txt matches 'voting-app:3.0'");
  });

  it("when --push comes without a registry, then it stops before building and names the missing option", async () => {
    const result = await buildImages(["--dry-run", "--push"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("--push needs --registry");
  });

  it("when --registry has no value, then it exits 2 with a message", async () => {
    const result = await buildImages(["--registry"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--registry needs a value");
  });

  it("when run for real, then docker and kind receive exactly the commands --dry-run prints", async () => {
    // No builder yet: buildx inspect fails, so the script creates it, as --dry-run shows.
    fakes = installFakeTools({
      docker: [{ when: "^buildx inspect ", exitCode: 1 }, { when: "." }],
      kind: [{ when: "." }],
    });
    const args = ["--registry", "myacr.azurecr.io", "--push", "--kind", "voting"];
    const dryRun = await buildImages(["--dry-run", ...args], fakes.env);
    expect(fakes.calls()).toEqual([]);

    const real = await buildImages(args, fakes.env);
    expect(real.code).toBe(0);
    expect(fakes.calls().filter((call) => !isQuery(call))).toEqual(commandLines(dryRun.stdout));
  });

  it("when the buildx builder exists already, then it is used as it is, not created again", async () => {
    fakes = installFakeTools({ docker: [{ when: "." }] });
    const result = await buildImages(
      ["--registry", "r.example.test", "--push", "voting-app:2.0"],
      fakes.env,
    );
    expect(result.code).toBe(0);
    expect(fakes.calls().map((call) => call.slice(0, 3).join(" "))).toEqual([
      "docker buildx inspect",
      "docker buildx build",
    ]);
  });

  it("when docker has no buildx, then --push stops with a message that says so, before building", async () => {
    fakes = installFakeTools({ docker: [{ when: "^buildx ", exitCode: 1 }, { when: "." }] });
    const result = await buildImages(["--registry", "r.example.test", "--push"], fakes.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("docker buildx, which is not installed");
    expect(fakes.calls().filter((call) => !isQuery(call))).toEqual([]);
  });

  it("when given --acr, then az acr build builds each image in Azure, one platform each, with its SERVICE_VERSION", async () => {
    const result = await buildImages(["--dry-run", "--acr", "myacr"]);
    expect(result.code).toBe(0);
    expect(commandLines(result.stdout)).toEqual(
      images.map((entry) => [
        "az",
        "acr",
        "build",
        "--registry",
        "myacr",
        "--image",
        entry.image,
        "--file",
        entry.dockerfile,
        "--build-arg",
        `SERVICE_VERSION=${entry.tag}`,
        "--platform",
        "linux/amd64",
        ".",
      ]),
    );
  });

  it("when --acr is given two platforms or a local option, then it stops: az acr build takes one platform and stores in Azure", async () => {
    const twoPlatforms = await buildImages([
      "--dry-run",
      "--acr",
      "myacr",
      "--platform",
      "linux/amd64,linux/arm64",
    ]);
    expect(twoPlatforms.code).toBe(2);
    expect(twoPlatforms.stderr).toContain("az acr build --platform takes one");
    const withKind = await buildImages(["--dry-run", "--acr", "myacr", "--kind", "voting"]);
    expect(withKind.code).toBe(2);
    expect(withKind.stdout).toBe("");
  });

  it("when --acr runs for real, then az receives exactly the commands --dry-run prints, from the repository root", async () => {
    fakes = installFakeTools({ az: [{ when: "." }] });
    const args = ["--acr", "myacr", "--platform", "linux/arm64", "voting-analytics"];
    const dryRun = await buildImages(["--dry-run", ...args], fakes.env);
    const real = await buildImages(args, fakes.env);
    expect(real.code).toBe(0);
    expect(fakes.calls()).toEqual(commandLines(dryRun.stdout));
    expect(fakes.calls()).toHaveLength(3);
    expect(fakes.workingDirectories()).toEqual(Array(3).fill(path.resolve(repoRoot)));
  });

  it("when a build fails, then the script stops with an error and builds nothing after it", async () => {
    fakes = installFakeTools({
      docker: [{ when: "^buildx build .*voting-analytics:1\\.1", exitCode: 1 }, { when: "." }],
      kind: [{ when: "." }],
    });
    const result = await buildImages(
      ["--registry", "r.example.test", "--push", "--kind", "voting"],
      fakes.env,
    );
    expect(result.code).not.toBe(0);
    const calls = fakes.calls();
    expect(calls.at(-1)).toContain("r.example.test/voting/voting-analytics:1.1");
    expect(calls.filter((call) => call[0] === "kind" || call[1] === "build")).toEqual([]);
  });

  it("when run from another directory, then docker builds with the repository root as context", async () => {
    fakes = installFakeTools({ docker: [{ when: "." }] });
    const result = await run(script, ["voting/voting-storage:1.0"], {
      cwd: "/tmp",
      env: fakes.env,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      "+ docker build --file services/voting-storage/redis.Dockerfile",
    );
    expect(fakes.calls()).toHaveLength(1);
    expect(fakes.calls()[0]?.at(-1)).toBe(".");
    expect(fakes.workingDirectories()).toEqual([path.resolve(repoRoot)]);
  });
});
