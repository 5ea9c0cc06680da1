// Minifies the hand-written style sheets of the build (the head snippet's, the dashboard's): comments and the
// whitespace that CSS ignores go, nothing is rewritten. Small on purpose, so it assumes what those sheets hold:
// no strings or URLs with runs of spaces, and no descendant combinator before a `:` or `!` (`.a :hover`).

/** `css` without comments and without whitespace around `{ } ; , >`, after `:` and before `!`. */
export function minifyCss(css) {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/\s+!/g, '!')
    .replace(/;}/g, '}')
    .trim();
}
