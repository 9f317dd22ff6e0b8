import { defineConfig } from "vitest/config";

// Tests import workspace packages from their TypeScript sources ("source" export condition),
// so a change is tested without a rebuild.
export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"], externalConditions: ["source"] } },
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Integration tests share one Redis and one MariaDB server; each file isolates itself
    // with its own key prefix or database, so files may run in parallel.
    fileParallelism: true,
    // `npm test` runs both; `npm run test:app` and `npm run test:tools` run one each.
    projects: [
      {
        extends: true,
        test: { name: "app", include: ["{packages,services}/*/test/**/*.test.ts"] },
      },
      {
        extends: true,
        test: { name: "tools", include: ["tools/*/test/**/*.test.ts"] },
      },
    ],
  },
});
