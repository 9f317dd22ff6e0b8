/**
 * A resource the mesh cannot model: an unknown kind, a field it does not implement,
 * a malformed value. The message names the resource and the field.
 */
export class MeshConfigError extends Error {
  override readonly name = "MeshConfigError";
}
