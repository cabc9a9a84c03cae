/**
 * Which parent origins the Photopea plugin page trusts. Normally only Photopea's own; a test
 * harness may name a loopback origin with `?origin=http://127.0.0.1:PORT`, honoured only when the
 * page itself is served from loopback, so a page on the web can never be pointed elsewhere.
 */
export const PHOTOPEA_ORIGINS: readonly string[] = ["https://www.photopea.com", "https://photopea.com"];

const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d{1,5}$/;

export function allowedOrigins(pageUrl: string): readonly string[] {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return PHOTOPEA_ORIGINS;
  }
  const override = url.searchParams.get("origin");
  if (override && LOOPBACK.test(override) && LOOPBACK.test(url.origin)) return [override];
  return PHOTOPEA_ORIGINS;
}
