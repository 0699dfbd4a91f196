import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Property tests draw many random tensors; the default 5 s is too tight on a 2-core CI box.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
