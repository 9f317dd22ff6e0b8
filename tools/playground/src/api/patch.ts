// The two patches kubectl sends: a JSON merge patch (RFC 7386) for the Istio and Gateway API
// kinds, and a strategic merge patch for built-in kinds, whose lists of named things (containers,
// env, ports, volumes) merge item by item on the key the Kubernetes types declare
// (patchMergeKey), with the directives kubectl's three-way patches carry.

type Json = unknown;
type Plain = Record<string, Json>;

const isPlain = (value: Json): value is Plain =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** RFC 7386: maps merge, `null` removes a key, anything else replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isPlain(patch)) return patch;
  const result: Plain = isPlain(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** The patchMergeKey of the list at this path (field names from the object's root), if it merges. */
function mergeKey(path: readonly string[]): string | undefined {
  const field = path.at(-1);
  switch (field) {
    case "containers":
    case "initContainers":
    case "env":
    case "volumes":
    case "imagePullSecrets":
      return "name";
    case "volumeMounts":
      return "mountPath";
    case "ports":
      // A container's ports merge on containerPort, a Service's on port.
      return path.at(-2) === "containers" || path.at(-2) === "initContainers"
        ? "containerPort"
        : "port";
    default:
      return undefined;
  }
}

const ORDER = "$setElementOrder/";
const DELETE_PRIMITIVE = "$deleteFromPrimitiveList/";

/** A strategic merge patch applied to `target`; `path` is where `target` sits in its object. */
export function strategicMergePatch(target: Json, patch: Json, path: readonly string[] = []): Json {
  if (!isPlain(patch)) return patch;
  const directive = patch.$patch;
  if (directive === "delete") return undefined;
  const source: Plain = directive === "replace" || !isPlain(target) ? {} : { ...target };
  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) {
    for (const key of Object.keys(source)) if (!retain.includes(key)) delete source[key];
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key === "$patch" || key === "$retainKeys" || key.startsWith(ORDER)) continue;
    if (key.startsWith(DELETE_PRIMITIVE)) {
      const field = key.slice(DELETE_PRIMITIVE.length);
      const list = source[field];
      if (Array.isArray(list) && Array.isArray(value))
        source[field] = list.filter((item) => !value.includes(item));
      continue;
    }
    if (value === null) {
      delete source[key];
      continue;
    }
    const at = [...path, key];
    const next = Array.isArray(value)
      ? mergeList(source[key], value, at)
      : strategicMergePatch(source[key], value, at);
    if (next === undefined) delete source[key];
    else source[key] = next;
  }
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(ORDER) || !Array.isArray(order)) continue;
    const field = key.slice(ORDER.length);
    const list = source[field];
    if (Array.isArray(list)) source[field] = ordered(list, order, mergeKey([...path, field]));
  }
  return source;
}

function mergeList(target: Json, patch: readonly Json[], path: readonly string[]): Json[] {
  const key = mergeKey(path);
  if (key === undefined || patch.some((item) => isPlain(item) && item.$patch === "replace")) {
    return patch
      .filter((item) => !(isPlain(item) && item.$patch === "replace"))
      .map((item) => strategicMergePatch(undefined, item, path));
  }
  const result = Array.isArray(target) ? [...(target as Json[])] : [];
  for (const item of patch) {
    if (!isPlain(item)) continue;
    const index = result.findIndex((entry) => isPlain(entry) && entry[key] === item[key]);
    if (item.$patch === "delete") {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) result[index] = strategicMergePatch(result[index], item, path);
    else result.push(strategicMergePatch(undefined, item, path));
  }
  return result;
}

/** `$setElementOrder`: the items named in `order` first, in its order, then the rest. */
function ordered(list: readonly Json[], order: readonly Json[], key: string | undefined): Json[] {
  const identity = (item: Json) => (key !== undefined && isPlain(item) ? item[key] : item);
  const wanted = order.map(identity);
  const rank = (item: Json) => {
    const index = wanted.indexOf(identity(item));
    return index < 0 ? wanted.length : index;
  };
  return [...list].sort((a, b) => rank(a) - rank(b));
}
