import { defineConfig } from "vitest/config";

// Engine tests run real convolutions on the tfjs cpu backend and browser tests start Chromium:
// both are slow on 2 cores, so timeouts are generous and files run one at a time.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 240_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    pool: "forks",
    reporters: ["default"],
  },
});
