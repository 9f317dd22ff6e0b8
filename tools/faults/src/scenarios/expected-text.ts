/**
 * The results text analytics 1.1 and 2.0 should show for these counts, worked out here on its
 * own (not with the service's code): `Cats: 2/6 (33%) | Dogs: 4/6 (67%)`.
 */
export function expectedResultsText(options: readonly string[], counts: readonly number[]): string {
  const total = counts.reduce((sum, count) => sum + count, 0);
  return options
    .map((option, i) => {
      const count = counts[i] ?? 0;
      const percent = total === 0 ? 0 : Math.round((100 * count) / total);
      return `${option}: ${count}/${total} (${percent}%)`;
    })
    .join(" | ");
}
