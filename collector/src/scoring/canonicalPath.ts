// A pathname as URLPattern sees it, so that the collector's own matcher agrees with URLPattern on every path:
// URLPattern canonicalizes both the pattern's text and the tested pathname before it compares them.

/**
 * The canonical form of `path` (or of a piece of a pattern): what URLPattern's "canonicalize a pathname"
 * makes of it (https://urlpattern.spec.whatwg.org/#canonicalize-a-pathname). workerd's URLPattern (ada)
 * parses the value after the non-special URL `fake://fake-url`, so: non-ASCII, spaces, controls and
 * `"<>^`{}` are percent-encoded, `.`/`..` segments (`%2e` too) are resolved, tabs and line breaks are
 * dropped, trailing spaces and controls are trimmed, `?` or `#` ends the path, and `\` stays as it is.
 * Null where URLPattern fails: a piece without a leading slash whose dot segments eat the dummy "/-"
 * (`a/..`), which makes URLPattern refuse such a pattern and match no such path. The property test against
 * URLPattern (PathMatcher.property.test.ts) holds all this to workerd's answers.
 */
export function canonicalPath(path: string): string | null {
  if (path === '') return '';
  // Like the spec, a piece without a leading slash is parsed after a dummy "/-" that is stripped again.
  const leadingSlash = path.startsWith('/');
  let pathname: string;
  try {
    pathname = new URL(`fake://fake-url${leadingSlash ? '' : '/-'}${path}`).pathname;
  } catch {
    // Cannot happen with a fixed host; kept total so that no visitor's path can fail a beacon.
    return null;
  }
  if (leadingSlash) return pathname;
  return pathname.length < 2 ? null : pathname.slice(2);
}
