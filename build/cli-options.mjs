// esbuild options for a Node CLI bundle, shared by build.mjs's cli target and the CLI tests.
import { galleryEsbuildPlugin } from "./gallery.mjs";

export const CLI_BUILD_OPTIONS = {
  platform: "node",
  format: "esm",
  target: "node20",
  bundle: true,
  packages: "external",
  banner: { js: "#!/usr/bin/env node" },
  // `restyle --style-preset` reads the built-in paintings from the bundle itself.
  plugins: [galleryEsbuildPlugin()],
};
