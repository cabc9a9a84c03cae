/** `npm run weights` command line → options. Pure; unknown or malformed options are usage errors. */
import { DEFAULT_WEIGHTS_DTYPE } from "../../engine/defaults";
import { RestyleError } from "../../engine/errors";
import type { WeightDtype } from "../core/manifest";
import { KERAS_MD5, KERAS_URL } from "../core/keras-source";

export interface WeightsArgs {
  /** A Keras .h5 file or a raw per-layer directory; absent = download. */
  from?: string;
  /** What to download: the Keras .h5 (default) or the pinned GitHub layers model. */
  source?: "keras" | "github";
  url: string;
  md5: string;
  dtype: WeightDtype;
  out: string;
  help: boolean;
}

export const WEIGHTS_HELP = `npm run weights -- [options]
Downloads the Keras VGG19 weights (md5-checked, resumable) and converts them into
weights/full (conv1_1…conv5_1) and weights/lite (conv1_1…conv3_2).

  --from PATH     convert a local copy instead: the Keras .h5 file, or a folder of raw
                  per-layer files (block1_conv1.bin …, like ../shared/vgg19)
  --source S      keras (default: the .h5 above) | github (the pinned TensorFlow.js copy on
                  GitHub, groups 1–13 only, each shard checked against its published git
                  SHA-1; kept in weights/download/github/, which can be self-hosted)
  --url URL       download from here instead of ${KERAS_URL}
                  (with --source github: the folder holding model.json)
  --md5 HEX       expected md5 of the downloaded file (default: the Keras file's ${KERAS_MD5})
  --dtype T       float32 | float16 | uint8 storage (default ${DEFAULT_WEIGHTS_DTYPE})
  --out DIR       output folder (default weights)
  -h, --help      this text`;

export function parseWeightsArgs(argv: readonly string[]): WeightsArgs {
  const a: WeightsArgs = { url: KERAS_URL, md5: KERAS_MD5, dtype: DEFAULT_WEIGHTS_DTYPE, out: "weights", help: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw usage(`${flag} needs a value.`);
      return v;
    };
    switch (flag) {
      case "--from":
        a.from = named(flag, value(), "a file or folder");
        break;
      case "--source": {
        const v = value();
        if (v !== "keras" && v !== "github") throw usage("--source must be keras or github.");
        a.source = v;
        break;
      }
      case "--url":
        a.url = value();
        break;
      case "--md5": {
        const v = value().toLowerCase();
        if (!/^[0-9a-f]{32}$/.test(v)) throw usage("--md5 must be 32 hex digits.");
        a.md5 = v;
        break;
      }
      case "--dtype": {
        const v = value();
        if (v !== "float32" && v !== "float16" && v !== "uint8") throw usage("--dtype must be float32, float16 or uint8.");
        a.dtype = v;
        break;
      }
      case "--out":
        a.out = named(flag, value(), "a folder");
        break;
      case "-h":
      case "--help":
        a.help = true;
        break;
      default:
        throw usage(`Unknown option ${flag}; see --help.`);
    }
  }
  return a;
}

/** A path option's value; an empty one is a usage error (it would mean the current folder). */
function named(flag: string, v: string, what: string): string {
  if (v.trim() === "") throw usage(`${flag} needs ${what}, got an empty name.`);
  return v;
}

function usage(message: string): RestyleError {
  return new RestyleError("bad-options", message);
}
