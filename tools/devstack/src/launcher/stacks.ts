/** The stacks the launcher can run: the original sample's compose files, one per release. */
export const STACKS = {
  "1.0": { app: "1.0", analytics: "1.0", store: "redis" },
  "1.1": { app: "1.0", analytics: "1.1", store: "redis" },
  "2.0": { app: "2.0", analytics: "2.0", store: "mysql" },
} as const;

export type StackName = keyof typeof STACKS;
export type Stack = (typeof STACKS)[StackName];

export const DEFAULT_STACK: StackName = "1.1";

export function isStackName(name: string): name is StackName {
  return Object.hasOwn(STACKS, name);
}

/** "app 1.0, analytics 1.1, Redis" */
export function describeStack(stack: Stack): string {
  const store = stack.store === "redis" ? "Redis" : "MySQL";
  return `app ${stack.app}, analytics ${stack.analytics}, ${store}`;
}
