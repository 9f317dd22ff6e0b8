/** `total` rows in statements of at most `batch` rows; `offset` is the first row's number. */
export function seedBatches(total: number, batch: number): { offset: number; size: number }[] {
  const batches = [];
  for (let offset = 0; offset < total; offset += batch) {
    batches.push({ offset, size: Math.min(batch, total - offset) });
  }
  return batches;
}

/** How a seed of `total` votes splits between two options: the first gets the odd one. */
export function seedSplit(total: number): [number, number] {
  return [Math.ceil(total / 2), Math.floor(total / 2)];
}
