// `npm run photopea`: serves the Photopea plugin page on 127.0.0.1 and prints the Photopea link
// that opens Photopea with Restyle in its plugin bar (the npm script builds the page first).
//   node dist/cli/photopea.js [--port 8765] [--host 127.0.0.1]
import { startupMessage } from "./photopea-link";
import { startPhotopeaServer } from "./photopea-server";
import { runServeMain } from "./serve-main";

runServeMain({
  script: "photopea",
  defaultPort: 8765,
  page: "photopea/index.html",
  missing: "run `npm run photopea` (it builds the page) or `node build.mjs --only photopea`.",
  start: startPhotopeaServer,
  message: startupMessage,
});
