import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { galleryVitePlugin } from "./build/gallery.mjs";

// Engine tests run real convolutions on the tfjs cpu backend and browser tests start Chromium:
// both are slow on 2 cores, so timeouts are generous and files run one at a time.
export default defineConfig({
  // "restyle:gallery": the same assets/gallery files the build inlines.
  plugins: [galleryVitePlugin()],
  resolve: {
    // The build inlines weights/lite through an esbuild plugin; under vitest the panel's code gets a
    // stub that starts empty (a build without weights) and that tests may fill.
    alias: { "restyle:lite-weights": fileURLToPath(new URL("./test/helpers/lite-weights-stub.ts", import.meta.url)) },
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 240_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    pool: "forks",
    reporters: ["default"],
  },
});
