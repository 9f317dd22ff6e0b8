import { describe, expect, it } from "vitest";
import { percentOf, resultsText } from "../src/results-text.js";

describe("percentOf", () => {
  it("when nothing is voted, then it is 0", () => {
    expect(percentOf(0, 0)).toBe(0);
  });

  it("when a share ends in exactly .5, then it rounds up", () => {
    expect(percentOf(1, 8)).toBe(13); // 12.5
    expect(percentOf(7, 8)).toBe(88); // 87.5
    expect(percentOf(1, 200)).toBe(1); // 0.5
  });

  it("when a share is below .5, then it rounds down", () => {
    expect(percentOf(2, 6)).toBe(33);
    expect(percentOf(1, 3)).toBe(33);
    expect(percentOf(4, 6)).toBe(67);
  });
});

describe("resultsText", () => {
  const tallies = [
    { name: "Cats", count: 2 },
    { name: "Dogs", count: 4 },
  ];

  it("when the format is counts (1.0), then it is the tutorial's 1.0 line", () => {
    expect(resultsText(tallies, "counts")).toBe("Cats: 2 | Dogs: 4");
  });

  it("when the format is percentages (1.1, 2.0), then it is the tutorial's 1.1 line", () => {
    expect(resultsText(tallies, "percentages")).toBe("Cats: 2/6 (33%) | Dogs: 4/6 (67%)");
  });

  it("when the store is empty, then both read 0/0 (0%)", () => {
    const empty = [
      { name: "Cats", count: 0 },
      { name: "Dogs", count: 0 },
    ];
    expect(resultsText(empty, "percentages")).toBe("Cats: 0/0 (0%) | Dogs: 0/0 (0%)");
  });

  it("when option names are custom, then they are used as they are", () => {
    const custom = [
      { name: "Crème brûlée", count: 1 },
      { name: "Tiramisu", count: 1 },
    ];
    expect(resultsText(custom, "percentages")).toBe(
      "Crème brûlée: 1/2 (50%) | Tiramisu: 1/2 (50%)",
    );
  });
});
