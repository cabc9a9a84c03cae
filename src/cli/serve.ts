// `npm run app`: serves the standalone page (and the Photopea plugin page) on 127.0.0.1 and prints the URL.
//   node dist/cli/serve.js [--port 8080] [--host 127.0.0.1]
import { startAppServer } from "./app-server";
import { runServeMain } from "./serve-main";

runServeMain({
  script: "app",
  defaultPort: 8080,
  page: "app/index.html",
  missing: "run `npm run build` first.",
  start: startAppServer,
  message: (url) => `Restyle is at ${url}  (Photopea plugin page: ${url}photopea/)  Ctrl+C to stop.`,
});
