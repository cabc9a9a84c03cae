/**
 * Where an installed Restyle keeps the weights it obtains on first use: RESTYLE_CACHE_DIR when set,
 * else $XDG_CACHE_HOME/restyle (an absolute XDG_CACHE_HOME only, as the XDG spec says), else
 * ~/.cache/restyle. The folder has the layout `npm run weights --out` writes (lite/, full/, download/).
 */
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";

export type Env = Readonly<Record<string, string | undefined>>;

export function weightsCacheDir(env: Env = process.env, home: string = homedir()): string {
  if (env.RESTYLE_CACHE_DIR) return resolve(env.RESTYLE_CACHE_DIR);
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, ".cache"), "restyle");
}
