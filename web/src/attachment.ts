/**
 * The file name of a download, from the response's Content-Disposition header
 * (RFC 6266: `filename*=UTF-8''…` first, then `filename="…"`), as the server writes
 * it (src/server/http.ts `attachment`). No DOM: shared by every fetched download.
 */

/** The file name of a download: from Content-Disposition (RFC 6266, `filename*` first). */
export function attachmentName(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(header);
  return (plain?.[1] ?? plain?.[2]?.trim()) || fallback;
}
