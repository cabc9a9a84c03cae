import type { BuildOptions } from "esbuild";
export declare const CLI_BUILD_OPTIONS: BuildOptions;
