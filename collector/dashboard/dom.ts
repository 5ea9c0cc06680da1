// DOM building blocks of the dashboard. Everything from the API enters the page as text nodes or attribute
// values, never as HTML: lead ids, traits and paths come from visitors' browsers.

/** Attribute values; null and undefined leave the attribute out. */
export type Attrs = Record<string, string | number | boolean | null | undefined>;
/** A child: a node, or text (numbers become text); null and undefined are skipped. */
export type Child = Node | string | number | null | undefined;

const SVG_NS = 'http://www.w3.org/2000/svg';

function build<T extends Element>(node: T, attrs: Attrs, children: Child | Child[]): T {
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  append(node, children);
  return node;
}

/** Appends children to `node`, text as text nodes. */
export function append(node: Node, children: Child | Child[]): void {
  for (const c of ([] as Child[]).concat(children)) {
    if (c === null || c === undefined) continue;
    node.appendChild(typeof c == 'object' ? c : document.createTextNode(String(c)));
  }
}

/** A new HTML element with attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, children: Child | Child[] = []): HTMLElementTagNameMap[K] {
  return build(document.createElement(tag), attrs, children);
}

/** A new SVG element with attributes and children. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, children: Child | Child[] = []): SVGElementTagNameMap[K] {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

/** Removes every child of `node`. */
export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** The element with this id (the HTML shell has every one the script asks for). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}
