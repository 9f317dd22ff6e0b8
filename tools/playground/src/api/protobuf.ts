import protobuf from "protobufjs";
import { ApiError } from "./status.js";

// kubectl's typed commands (`kubectl create namespace`) send their object as Kubernetes
// protobuf: the magic bytes "k8s\0", then an envelope (runtime.Unknown) around the object.
// The playground reads the one object the tutorial creates that way, a Namespace, with the
// field numbers of k8s.io/api's generated.proto; anything else is refused by name.

export const PROTOBUF = "application/vnd.kubernetes.protobuf";
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

const root = protobuf.Root.fromJSON(descriptor());

function descriptor(): protobuf.INamespace {
  const labelMap = (id: number): protobuf.IMapField => ({ keyType: "string", type: "string", id });
  return {
    nested: {
      Unknown: {
        fields: {
          typeMeta: { type: "TypeMeta", id: 1 },
          raw: { type: "bytes", id: 2 },
        },
      },
      TypeMeta: {
        fields: { apiVersion: { type: "string", id: 1 }, kind: { type: "string", id: 2 } },
      },
      ObjectMeta: {
        fields: {
          name: { type: "string", id: 1 },
          generateName: { type: "string", id: 2 },
          namespace: { type: "string", id: 3 },
          labels: labelMap(11),
          annotations: labelMap(12),
        },
      },
      Namespace: { fields: { metadata: { type: "ObjectMeta", id: 1 } } },
    },
  };
}
const Unknown = root.lookupType("Unknown");
const Namespace = root.lookupType("Namespace");

/** The object of a protobuf request body, as the JSON kubectl would otherwise have sent. */
export function decodeProtobuf(body: Buffer): unknown {
  if (!body.subarray(0, 4).equals(MAGIC)) throw unsupported("the body does not begin with k8s\\0");
  const envelope = Unknown.toObject(Unknown.decode(body.subarray(4)), { defaults: false }) as {
    typeMeta?: { apiVersion?: string; kind?: string };
    raw?: Uint8Array;
  };
  const { apiVersion, kind } = envelope.typeMeta ?? {};
  if (apiVersion !== "v1" || kind !== "Namespace")
    throw unsupported(
      `${kind ?? "this object"} (${apiVersion ?? "?"}) cannot be sent as protobuf here`,
    );
  const namespace = Namespace.toObject(Namespace.decode(envelope.raw ?? new Uint8Array()), {
    defaults: false,
    objects: true,
  }) as { metadata?: Record<string, unknown> };
  const metadata = Object.fromEntries(
    Object.entries(namespace.metadata ?? {}).filter(([, value]) =>
      typeof value === "object" && value !== null ? Object.keys(value).length > 0 : value !== "",
    ),
  );
  return { apiVersion, kind, metadata };
}

const unsupported = (why: string) =>
  new ApiError(
    415,
    "UnsupportedMediaType",
    `the playground reads protobuf only for namespaces: ${why}; send JSON (kubectl apply -f FILE)`,
  );
