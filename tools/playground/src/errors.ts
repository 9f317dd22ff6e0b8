/**
 * A resource, field or command the playground does not implement or that breaks the rules a
 * cluster would enforce. The message names the resource and the field, so nothing is skipped
 * without the learner knowing.
 */
export class Refused extends Error {
  override readonly name = "Refused";
}
