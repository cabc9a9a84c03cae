// esbuild options for a Node CLI bundle, shared by build.mjs's cli target and the CLI tests.
export const CLI_BUILD_OPTIONS = {
  platform: "node",
  format: "esm",
  target: "node20",
  bundle: true,
  packages: "external",
  banner: { js: "#!/usr/bin/env node" },
};
