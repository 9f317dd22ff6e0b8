import type { StoreKind } from "@voting/storage";

export interface Stack {
  readonly app: string;
  readonly analytics: string;
  readonly store: StoreKind;
}

/** The versions that form a stack: the original sample's compose files, one per release. */
export const STACKS = {
  "1.0": { app: "1.0", analytics: "1.0", store: "redis" },
  "1.1": { app: "1.0", analytics: "1.1", store: "redis" },
  "2.0": { app: "2.0", analytics: "2.0", store: "mysql" },
} as const satisfies Record<string, Stack>;

export type StackName = keyof typeof STACKS;

export const DEFAULT_STACK: StackName = "1.1";

/** The stack the bench and the fault suite run on each store: the tutorial's steps 2 and 3. */
export const STACK_ON_STORE: Readonly<Record<StoreKind, StackName>> = {
  redis: "1.1",
  mysql: "2.0",
};

export function stackOnStore(store: StoreKind): Stack {
  return STACKS[STACK_ON_STORE[store]];
}

export function isStackName(name: string): name is StackName {
  return Object.hasOwn(STACKS, name);
}

/** "app 1.0, analytics 1.1, Redis" */
export function describeStack(stack: Stack): string {
  return `app ${stack.app}, analytics ${stack.analytics}, ${storeLabel(stack.store)}`;
}

export function storeLabel(store: StoreKind): string {
  return store === "redis" ? "Redis" : "MySQL";
}
