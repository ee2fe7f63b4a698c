// Plain XML trees ({name, xmlns, attrs, children, text}) for the protocol code, so that the
// Jingle <-> SDP mapping is pure data in, data out, and runs in node's test runner as well as in
// the page. The page converts DOM elements (what Strophe hands over) with fromElement and writes
// trees into Strophe builders with appendTo.

/** A new element. `children` may mix trees and strings (text). */
export function el(name, attrs = {}, children = []) {
  const { xmlns, ...rest } = attrs;
  const kids = [];
  let text = '';
  for (const c of children) {
    if (c == null) continue;
    if (typeof c === 'string') text += c;
    else kids.push(c);
  }
  return { name, xmlns: xmlns || null, attrs: dropUndefined(rest), children: kids, text };
}

function dropUndefined(o) {
  const r = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null) r[k] = String(v);
  return r;
}

/** Children with this name (and namespace, when given). */
export function all(tree, name, xmlns) {
  return tree.children.filter((c) => c.name === name && (!xmlns || c.xmlns === xmlns));
}

/** The first child with this name (and namespace), or null. */
export function first(tree, name, xmlns) {
  return all(tree, name, xmlns)[0] || null;
}

/** A DOM element as a tree; namespaces are resolved from the DOM. */
export function fromElement(node) {
  const attrs = {};
  for (const a of Array.from(node.attributes || [])) {
    if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
    attrs[a.name] = a.value;
  }
  const children = [];
  let text = '';
  for (const c of Array.from(node.childNodes || [])) {
    if (c.nodeType === 1) children.push(fromElement(c));
    else if (c.nodeType === 3 || c.nodeType === 4) text += c.nodeValue;
  }
  return { name: node.localName || node.nodeName, xmlns: node.namespaceURI, attrs, children, text };
}

/** Appends a tree under the builder's current element (Strophe's Builder API: c, t, up). */
export function appendTo(builder, tree, parentNs) {
  const attrs = { ...tree.attrs };
  if (tree.xmlns && tree.xmlns !== parentNs) attrs.xmlns = tree.xmlns;
  builder.c(tree.name, attrs);
  if (tree.text) builder.t(tree.text);
  for (const c of tree.children) appendTo(builder, c, tree.xmlns || parentNs);
  builder.up();
  return builder;
}

/** Serializes a tree (for tests and logs). */
export function toXml(tree, parentNs) {
  let s = '<' + tree.name;
  if (tree.xmlns && tree.xmlns !== parentNs) s += ` xmlns="${esc(tree.xmlns)}"`;
  for (const [k, v] of Object.entries(tree.attrs)) s += ` ${k}="${esc(v)}"`;
  if (!tree.children.length && !tree.text) return s + '/>';
  s += '>' + esc(tree.text || '', false);
  for (const c of tree.children) s += toXml(c, tree.xmlns || parentNs);
  return s + `</${tree.name}>`;
}

function esc(s, attribute = true) {
  const t = String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return attribute ? t.replace(/"/g, '&quot;') : t;
}

/**
 * Parses a small, well-formed XML document (test fixtures and logs; the page parses with the DOM).
 * Handles elements, attributes, default namespaces, text and the five predefined entities.
 */
export function parse(xml) {
  let i = 0;
  const unesc = (s) =>
    s.replace(/&(lt|gt|amp|quot|apos);/g, (m, e) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e]);
  function node(parentNs) {
    const m = /^<([A-Za-z_][\w.:-]*)/.exec(xml.slice(i));
    if (!m) throw new Error('XML: expected an element at ' + i);
    i += m[0].length;
    const attrs = {};
    let ns = parentNs;
    for (;;) {
      const a = /^\s+([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(xml.slice(i));
      if (!a) break;
      i += a[0].length;
      const v = unesc(a[2] !== undefined ? a[2] : a[3]);
      if (a[1] === 'xmlns') ns = v;
      else attrs[a[1]] = v;
    }
    const end = /^\s*(\/?)>/.exec(xml.slice(i));
    if (!end) throw new Error('XML: bad tag end at ' + i);
    i += end[0].length;
    const tree = { name: m[1], xmlns: ns, attrs, children: [], text: '' };
    if (end[1]) return tree;
    for (;;) {
      const close = new RegExp('^</' + m[1] + '\\s*>').exec(xml.slice(i));
      if (close) {
        i += close[0].length;
        return tree;
      }
      if (xml[i] === '<') tree.children.push(node(ns));
      else {
        const t = /^[^<]+/.exec(xml.slice(i));
        if (!t) throw new Error('XML: unexpected end');
        i += t[0].length;
        tree.text += unesc(t[0]);
      }
    }
  }
  const start = xml.indexOf('<');
  i = start;
  return node(null);
}
