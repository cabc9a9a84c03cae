// Whether a Figma manifest's networkAccess.allowedDomains lets the panel fetch a URL. Figma's entries
// are origins ("https://host"), wildcard hosts ("*.example.com"), path prefixes ending in "/"
// ("example.com/api/") or exact paths ("example.com/file"), with or without a scheme.
export function allowedDomainsCover(allowed, url) {
  const u = new URL(url);
  return allowed.some((entry) => entryCovers(String(entry), u));
}

function entryCovers(entry, u) {
  if (entry === "*") return true;
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/]+)(\/.*)?$/i.exec(entry);
  if (!m) return false;
  const [, scheme, host, path] = m;
  if (scheme ? `${scheme.toLowerCase()}:` !== u.protocol : u.protocol !== "https:" && u.protocol !== "http:") return false;
  const h = host.toLowerCase();
  const hostOk = h.startsWith("*.") ? u.host.endsWith(h.slice(1)) : u.host === h;
  if (!hostOk) return false;
  if (!path) return true;
  return path.endsWith("/") ? u.pathname.startsWith(path) : u.pathname === path;
}
