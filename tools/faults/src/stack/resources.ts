/** What a scenario opened, closed in reverse order even when the scenario fails half-way. */
export class Resources {
  private readonly closers: (() => Promise<unknown>)[] = [];

  add<T>(resource: T, close: (resource: T) => Promise<unknown>): T {
    this.closers.push(() => close(resource));
    return resource;
  }

  async closeAll(): Promise<void> {
    const errors: unknown[] = [];
    for (const close of this.closers.splice(0).reverse()) {
      await close().catch((error: unknown) => errors.push(error));
    }
    if (errors.length > 0) throw new AggregateError(errors, "some resources did not close");
  }
}

/** Runs `body` with fresh resources and always closes them. */
export async function withResources<T>(body: (resources: Resources) => Promise<T>): Promise<T> {
  const resources = new Resources();
  try {
    return await body(resources);
  } finally {
    await resources.closeAll();
  }
}
