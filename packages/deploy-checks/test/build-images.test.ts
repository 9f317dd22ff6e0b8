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

function builds(stdout: string) {
  return commandLines(stdout)
    .filter((words) => words[0] === "docker" && words[1] === "build")
    .map((words) => {
      const valueOf = (flag: string) =>
        words.flatMap((word, index) => (word === flag ? [words[index + 1]] : []));
      return {
        dockerfile: valueOf("--file"),
        buildArgs: valueOf("--build-arg"),
        tags: valueOf("--tag"),
        context: words.at(-1),
      };
    });
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

  it("when run with --dry-run, then it builds exactly the images of images.txt, each from the root with its version as SERVICE_VERSION", async () => {
    const result = await buildImages(["--dry-run"]);
    expect(result.code).toBe(0);
    expect(builds(result.stdout)).toEqual(
      images.map((entry) => ({
        dockerfile: [entry.dockerfile],
        buildArgs: [`SERVICE_VERSION=${entry.tag}`],
        tags: [entry.image],
        context: ".",
      })),
    );
    expect(commandLines(result.stdout)).toHaveLength(images.length);
  });

  it("when given a registry, then each image gets a second tag under it and --push pushes only those", async () => {
    const result = await buildImages(["--dry-run", "--registry", "myacr.azurecr.io/", "--push"]);
    expect(result.code).toBe(0);
    expect(builds(result.stdout).map((build) => build.tags)).toEqual(
      images.map((entry) => [entry.image, `myacr.azurecr.io/${entry.image}`]),
    );
    const pushes = commandLines(result.stdout).filter((words) => words[1] === "push");
    expect(pushes).toEqual(
      images.map((entry) => ["docker", "push", `myacr.azurecr.io/${entry.image}`]),
    );
  });

  it("when REGISTRY is set in the environment, then it is used as the registry", async () => {
    const result = await run(script, ["--dry-run", "--push"], {
      env: { ...process.env, REGISTRY: "registry.example.test:5000" },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("docker push registry.example.test:5000/voting/voting-app:2.0");
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

  it("when given --platform, then every build is for that platform", async () => {
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
    fakes = installFakeTools({ docker: [{ when: "." }], kind: [{ when: "." }] });
    const args = ["--registry", "myacr.azurecr.io", "--push", "--kind", "voting"];
    const dryRun = await buildImages(["--dry-run", ...args], fakes.env);
    expect(fakes.calls()).toEqual([]);

    const real = await buildImages(args, fakes.env);
    expect(real.code).toBe(0);
    expect(fakes.calls()).toEqual(commandLines(dryRun.stdout));
  });

  it("when a build fails, then the script stops with an error and pushes nothing", async () => {
    fakes = installFakeTools({
      docker: [{ when: "^build .*voting-analytics:1\\.1", exitCode: 1 }, { when: "." }],
    });
    const result = await buildImages(["--registry", "r.example.test", "--push"], fakes.env);
    expect(result.code).not.toBe(0);
    const calls = fakes.calls();
    expect(calls.filter((call) => call[1] === "push")).toEqual([]);
    expect(calls.at(-1)).toContain("voting/voting-analytics:1.1");
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
