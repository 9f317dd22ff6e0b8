import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { validate } from "dockerfile-utils";
import { SERVICE_IMAGES, type ServiceName } from "@voting/devstack";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import {
  finalStage,
  instructions,
  isIgnored,
  optionGroup,
  parseCopy,
  parseDockerfile,
  printedFile,
  resolveVariables,
  type ParsedDockerfile,
} from "./support/dockerfile.js";
import { readImages, readRepoFile, repoRoot } from "./support/repo.js";

const dockerfiles = [...new Set(readImages().map((entry) => entry.dockerfile))];
const nodeServices: Record<string, `services/${ServiceName}`> = {
  "services/voting-app/Dockerfile": "services/voting-app",
  "services/voting-analytics/Dockerfile": "services/voting-analytics",
};
const dockerignore = readRepoFile(".dockerignore");

// dockerfile-utils (the linter of the VS Code Docker extension), every rule raised to an error.
const ERROR = 2;
const strictLint = {
  deprecatedMaintainer: ERROR,
  directiveCasing: ERROR,
  emptyContinuationLine: ERROR,
  instructionCasing: ERROR,
  instructionCmdMultiple: ERROR,
  instructionEntrypointMultiple: ERROR,
  instructionHealthcheckMultiple: ERROR,
  instructionJSONInSingleQuotes: ERROR,
  instructionWorkdirRelative: ERROR,
};

function lint(text: string): string[] {
  return validate(text, strictLint).map(
    (problem) => `line ${problem.range.start.line + 1}: ${problem.message}`,
  );
}

/** The external base images, variables resolved with the ARG defaults. */
function baseImages(dockerfile: ParsedDockerfile): string[] {
  const stageNames = new Set<string>();
  const bases: string[] = [];
  for (const stage of dockerfile.stages) {
    if (!stageNames.has(stage.from))
      bases.push(resolveVariables(stage.from, dockerfile.globalArgs));
    if (stage.name) stageNames.add(stage.name);
  }
  return bases;
}

/**
 * The official images the Dockerfiles may start from, each with the tag forms accepted: a major
 * (node:26-...) or major.minor (redis:8.10-..., mysql:9.7) tag, which the Docker Official Images
 * publish for every release and keep moving to its newest patch. Each is multi-arch, linux/amd64
 * and linux/arm64 among its platforms (docker-library/official-images, library/node, redis, mysql).
 */
const officialBase =
  /^(node|redis|mysql):(\d+)(\.\d+)?(-[a-z][a-z0-9.-]*)?(@sha256:[0-9a-f]{64})?$/;

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** An ENV instruction's variables: `A=1 B="two words"` gives { A: "1", B: "two words" }. */
function envVariables(args: string): Record<string, string> {
  const pairs = args.matchAll(/(\w+)=("[^"]*"|\S+)/g);
  return Object.fromEntries(
    [...pairs].map(([, key, value]) => [key!, value!.replace(/^"|"$/g, "")]),
  );
}

interface Workspace {
  dir: string;
  dependencies: string[];
}

/** The npm workspaces of the repository, by package name. */
function workspaces(): Map<string, Workspace> {
  const result = new Map<string, Workspace>();
  for (const parent of ["packages", "services"]) {
    for (const child of readdirSync(path.join(repoRoot, parent))) {
      const manifest = path.join(parent, child, "package.json");
      if (!existsSync(path.join(repoRoot, manifest))) continue;
      const json = JSON.parse(readRepoFile(manifest)) as PackageJson;
      result.set(json.name, {
        dir: `${parent}/${child}`,
        dependencies: Object.keys(json.dependencies ?? {}),
      });
    }
  }
  return result;
}

/** The workspace folders a service needs at run time: itself and its workspace dependencies, transitively. */
function workspaceClosure(serviceDir: string): string[] {
  const all = workspaces();
  const byDir = new Map([...all.values()].map((workspace) => [workspace.dir, workspace]));
  const found = new Set<string>();
  const visit = (dir: string) => {
    if (found.has(dir)) return;
    found.add(dir);
    for (const dependency of byDir.get(dir)?.dependencies ?? []) {
      const workspace = all.get(dependency);
      if (workspace) visit(workspace.dir);
    }
  };
  visit(serviceDir);
  return [...found].sort();
}

/** Folders a workspace ships beside dist/ that its code reads at run time (views, SQL...). */
function runtimeAssetFolders(dir: string): string[] {
  const notShipped = new Set(["src", "test", "dist", "node_modules", "coverage"]);
  return readdirSync(path.join(repoRoot, dir))
    .filter(
      (name) => !notShipped.has(name) && statSync(path.join(repoRoot, dir, name)).isDirectory(),
    )
    .map((name) => `${dir}/${name}`);
}

describe("the Dockerfile linter", () => {
  it("when a Dockerfile has mistakes, then it reports them (the check can fail)", () => {
    expect(
      lint("from node:26-trixie-slim\nEXPOSE eighty\nCMD ['node']\nWORKDIR app\n"),
    ).toHaveLength(4);
  });
});

describe(".dockerignore", () => {
  it.each([
    "node_modules",
    "packages/common/node_modules",
    "services/voting-app/dist",
    ".git",
    ".local",
    "k8s",
    "istio",
    "services/voting-app/test/app.test.ts",
  ])("when the build context is sent, then %s stays out", (relativePath) => {
    expect(isIgnored(dockerignore, relativePath)).toBe(true);
  });

  it.each([
    "package.json",
    "package-lock.json",
    "tsconfig.base.json",
    "services/voting-app/src/server.ts",
    "services/voting-storage/sql/schema.sql",
  ])("when the build context is sent, then %s goes in", (relativePath) => {
    expect(isIgnored(dockerignore, relativePath)).toBe(false);
  });
});

describe.each(dockerfiles)("%s", (file) => {
  const text = readRepoFile(file);
  const dockerfile = parseDockerfile(text);
  const final = finalStage(dockerfile);
  const finalInstructions = final.instructions;

  it("when linted with every rule as an error, then it has no problem", () => {
    expect(lint(text)).toEqual([]);
  });

  it("when built, then every base image is an official multi-arch image by its major or minor tag, never latest or a patch release", () => {
    const bases = baseImages(dockerfile);
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) expect(base).toMatch(officialBase);
    expect(text).not.toMatch(/:latest\b/);
  });

  it("when someone wants a reproducible build, then the Dockerfile says how to pin the base by digest", () => {
    const [name] = [...dockerfile.globalArgs.keys()].filter((key) => key.endsWith("_IMAGE"));
    expect(name).toBeDefined();
    const base = dockerfile.globalArgs.get(name!)!;
    expect(text).toContain(`#   ARG ${name}=${base}@sha256:<index digest>`);
  });

  it("when the container starts, then it runs as a non-root user given by number", () => {
    const user = finalInstructions
      .filter((instruction) => instruction.keyword === "USER")
      .at(-1)?.args;
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(Number(user?.split(":")[0])).toBeGreaterThan(0);
  });

  it("when built with --build-arg SERVICE_VERSION, then the image carries it as SERVICE_VERSION", () => {
    const args = finalInstructions
      .filter((instruction) => instruction.keyword === "ARG")
      .map((i) => i.args);
    expect(args).toContain("SERVICE_VERSION");
    const env = finalInstructions
      .filter((instruction) => instruction.keyword === "ENV")
      .map((i) => i.args)
      .join(" ");
    expect(env).toMatch(/\bSERVICE_VERSION=\$\{?SERVICE_VERSION\}?(\s|$)/);
  });

  it("when it copies from the build context, then every source exists and .dockerignore lets it in", () => {
    const sources = instructions(text)
      .filter((instruction) => instruction.keyword === "COPY")
      .map(parseCopy)
      .filter((copy) => copy.from === undefined)
      .flatMap((copy) => copy.sources);
    for (const source of sources) {
      expect(existsSync(path.join(repoRoot, source)), `${source} does not exist`).toBe(true);
      expect(isIgnored(dockerignore, source), `${source} is excluded by .dockerignore`).toBe(false);
    }
  });
});

describe.each(Object.entries(nodeServices))("%s", (file, serviceDir) => {
  const text = readRepoFile(file);
  const dockerfile = parseDockerfile(text);
  const all = instructions(text);
  const copies = all.filter((instruction) => instruction.keyword === "COPY").map(parseCopy);
  const runs = all
    .filter((instruction) => instruction.keyword === "RUN")
    .map((instruction) => instruction.args);
  const final = finalStage(dockerfile).instructions;
  const closure = workspaceClosure(serviceDir);

  it("when the service imports workspace packages, then the closure is what the Dockerfile expects", () => {
    expect(closure).toContain(serviceDir);
    expect(closure).toContain("packages/common");
  });

  it("when dependencies are installed, then the manifests of exactly the service's workspaces are copied", () => {
    const manifests = copies
      .flatMap((copy) => copy.sources)
      .filter((source) => /^(packages|services)\/[^/]+\/package\.json$/.test(source))
      .map((source) => path.dirname(source))
      .sort();
    expect(manifests).toEqual(closure);
  });

  it("when compiled, then the sources of every workspace the service needs are in the build stage", () => {
    const sourceCopies = copies
      .filter((copy) => copy.from === undefined)
      .flatMap((copy) => copy.sources);
    for (const dir of closure) expect(sourceCopies).toContain(`${dir}/`);
    expect(runs).toContain(`npx tsc --build ${serviceDir}`);
    expect(runs).toContain(
      `npm ci --workspace ${serviceDir} --include-workspace-root --ignore-scripts`,
    );
  });

  it("when the image runs, then it has production dependencies only, with each needed dist/ and asset folder", () => {
    expect(runs.some((run) => run.startsWith(`npm ci --workspace ${serviceDir} --omit=dev`))).toBe(
      true,
    );
    const finalCopies = final
      .filter((instruction) => instruction.keyword === "COPY")
      .map(parseCopy);
    const shipped = finalCopies.map((copy) => copy.destination.replace(/\/$/, ""));
    const expected = closure.flatMap((dir) => [`${dir}/dist`, ...runtimeAssetFolders(dir)]);
    expect(shipped.filter((destination) => destination !== ".").sort()).toEqual(expected.sort());
    for (const copy of finalCopies.filter((c) => c.from === "build")) {
      expect(copy.sources).toEqual([`/app/${copy.destination}`]);
    }
  });

  it("when the container starts, then node runs the service's server directly, as the tools start it (devstack's SERVICE_IMAGES), on 8080", () => {
    const image = SERVICE_IMAGES[serviceDir.replace("services/", "") as ServiceName];
    const env = Object.assign(
      {},
      ...final.filter((i) => i.keyword === "ENV").map((i) => envVariables(i.args)),
    ) as Record<string, string>;
    expect(env).toEqual({
      ...image.env,
      PORT: "8080",
      SERVICE_VERSION: "${SERVICE_VERSION}",
    });
    expect(
      final.filter((instruction) => instruction.keyword === "EXPOSE").map((i) => i.args),
    ).toEqual(["8080"]);
    const cmd = final.filter((instruction) => instruction.keyword === "CMD").at(-1)?.args ?? "";
    expect(JSON.parse(cmd)).toEqual(["node", ...image.nodeFlags, image.entry]);
    expect(image.entry).toBe(`${serviceDir}/dist/server.js`);
    expect(all.filter((instruction) => instruction.keyword === "ENTRYPOINT")).toEqual([]);
  });

  it("when built, then the image's Node is the major release that npm scripts, tests and the bench run on", () => {
    const [base = ""] = baseImages(dockerfile);
    const imageMajor = /^node:(\d+)[.-]/.exec(base)?.[1];
    // The checkout's Node: one node-<os>-<cpu> package per platform, all of one version.
    const optional = (JSON.parse(readRepoFile("package.json")) as PackageJson).optionalDependencies;
    const pinned = Object.entries(optional ?? {}).filter(([name]) => /^node-\w+-\w+$/.test(name));
    expect(imageMajor).toBeDefined();
    expect(pinned.map(([name]) => name)).toContain(`node-linux-${process.arch}`);
    expect(new Set(pinned.map(([, version]) => version)).size).toBe(1);
    expect(pinned[0]?.[1].split(".")[0]).toBe(imageMajor);
    // ... and the Node this test runs on is that pinned one, not whatever the machine has.
    expect(process.versions.node.split(".")[0]).toBe(imageMajor);
  });
});

describe("services/voting-storage/redis.Dockerfile", () => {
  const final = finalStage(
    parseDockerfile(readRepoFile("services/voting-storage/redis.Dockerfile")),
  ).instructions;

  it("when the container starts, then redis-server itself is PID 1 on 6379, keeping an append-only file in /data", () => {
    expect(final.find((instruction) => instruction.keyword === "ENTRYPOINT")?.args).toBe(
      '["redis-server"]',
    );
    const cmd = JSON.parse(
      final.find((instruction) => instruction.keyword === "CMD")?.args ?? "[]",
    ) as string[];
    expect(cmd.join(" ")).toContain("--port 6379");
    expect(cmd.join(" ")).toContain("--dir /data --appendonly yes");
    expect(
      final.filter((instruction) => instruction.keyword === "EXPOSE").map((i) => i.args),
    ).toEqual(["6379"]);
  });
});

describe("services/voting-storage/mysql.Dockerfile", () => {
  const final = finalStage(
    parseDockerfile(readRepoFile("services/voting-storage/mysql.Dockerfile")),
  ).instructions;
  const optionFile = "/etc/mysql/conf.d/voting.cnf";

  it("when the data directory is new, then the vote schema runs at first start (from /docker-entrypoint-initdb.d)", () => {
    const copies = final.filter((instruction) => instruction.keyword === "COPY").map(parseCopy);
    expect(copies).toContainEqual({
      from: undefined,
      sources: ["services/voting-storage/sql/schema.sql"],
      destination: "/docker-entrypoint-initdb.d/10-schema.sql",
    });
    expect(
      final.filter((instruction) => instruction.keyword === "EXPOSE").map((i) => i.args),
    ).toEqual(["3306"]);
  });

  it("when it starts, then the base image's entrypoint runs plain mysqld: the CMD carries no flag a replacement could drop", () => {
    expect(final.find((instruction) => instruction.keyword === "ENTRYPOINT")).toBeUndefined();
    const cmds = final.filter((instruction) => instruction.keyword === "CMD");
    expect(cmds.map((instruction) => JSON.parse(instruction.args) as unknown)).toEqual([
      ["mysqld"],
    ]);
  });

  it("when mysqld starts, then the image's option file sets its data directory, name resolution, binary log and buffer pool", () => {
    const lines = printedFile(final, optionFile);
    expect(lines, `no RUN writes ${optionFile}`).toBeDefined();
    const mysqld = optionGroup(lines!, "mysqld");
    expect(Object.fromEntries(mysqld)).toEqual({
      datadir: "/var/lib/mysql/data",
      "skip-name-resolve": true,
      "skip-log-bin": true,
      "innodb-buffer-pool-size": "64M",
    });
    // Written before USER, as root, and readable by all: mysqld ignores a world-writable file.
    const written = final.findIndex((i) => i.keyword === "RUN" && i.args.includes(optionFile));
    expect(written).toBeLessThan(final.findIndex((i) => i.keyword === "USER"));
    expect(final[written]?.args).toContain(`chmod 0644 ${optionFile}`);
  });

  it("when the option file has a flag twice or outside [mysqld], then the check sees it (the check can fail)", () => {
    const lines = ["[mysqld]", "skip_name_resolve", "[client]", "datadir=/elsewhere"];
    expect(Object.fromEntries(optionGroup(lines, "mysqld"))).toEqual({
      "skip-name-resolve": true,
    });
    const run = instructions(
      "FROM x\nRUN printf '%s\\n' '[mysqld]' 'skip-log-bin' >/etc/other.cnf\n",
    );
    expect(printedFile(run, optionFile)).toBeUndefined();
    expect(printedFile(run, "/etc/other.cnf")).toEqual(["[mysqld]", "skip-log-bin"]);
  });
});

interface K8sContainer {
  name?: string;
  image?: string;
  command?: unknown;
  args?: unknown;
  volumeMounts?: { name?: string; mountPath?: string }[];
}

/** Every container of every workload in k8s/*.yaml, with the file it is in. */
function manifestContainers(): { file: string; container: K8sContainer }[] {
  const dir = path.join(repoRoot, "k8s");
  const found: { file: string; container: K8sContainer }[] = [];
  for (const file of readdirSync(dir).filter((name) => /\.ya?ml$/.test(name))) {
    for (const document of parseAllDocuments(readFileSync(path.join(dir, file), "utf8"))) {
      const object = document.toJS() as {
        spec?: { template?: { spec?: { containers?: K8sContainer[] } } };
      } | null;
      for (const container of object?.spec?.template?.spec?.containers ?? [])
        found.push({ file, container });
    }
  }
  return found;
}

describe("the storage images' flags in k8s/", () => {
  const storage = manifestContainers().filter(({ container }) =>
    container.image?.startsWith("voting/voting-storage:"),
  );

  it("when the manifests are read, then they run both storage images", () => {
    expect(storage.map(({ container }) => container.image).sort()).toEqual([
      "voting/voting-storage:1.0",
      "voting/voting-storage:2.0",
    ]);
  });

  it.each(["voting/voting-storage:1.0", "voting/voting-storage:2.0"])(
    "when %s runs in the cluster, then its container sets no command or args: the image's flags are the only ones",
    (image) => {
      for (const { file, container } of storage.filter(
        (entry) => entry.container.image === image,
      )) {
        expect(container.command, `${file}: ${container.name} command`).toBeUndefined();
        expect(container.args, `${file}: ${container.name} args`).toBeUndefined();
      }
    },
  );

  it("when MySQL runs in the cluster, then its volume is mounted at the parent of the option file's datadir", () => {
    const lines = printedFile(
      finalStage(parseDockerfile(readRepoFile("services/voting-storage/mysql.Dockerfile")))
        .instructions,
      "/etc/mysql/conf.d/voting.cnf",
    );
    const datadir = optionGroup(lines ?? [], "mysqld").get("datadir");
    const mysql = storage.find(({ container }) => container.image === "voting/voting-storage:2.0");
    const mounts = mysql?.container.volumeMounts?.map((mount) => mount.mountPath);
    expect(typeof datadir).toBe("string");
    expect(mounts).toContain(path.posix.dirname(datadir as string));
  });
});
