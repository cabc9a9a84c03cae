/** `npm run weights`: download / convert the VGG19 weights into the package's weights/ (see src/weights/node/). */
import { weightsMain } from "./weights-main";

weightsMain(process.argv.slice(2), "weights").then((code) => process.exit(code));
