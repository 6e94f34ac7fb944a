// Strict XML parsing for SAML responses (@xmldom/xmldom): no DTDs or entities, bounded size and depth, namespace-aware helpers.
import { DOMParser } from '@xmldom/xmldom';

export const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** The deepest element nesting a SAML response needs is about ten; anything far deeper is refused, not walked. */
const MAX_DEPTH = 64;

/** Why a document was refused: the caller words the error. */
export class XmlRefused extends Error {}

/**
 * Parses XML text. Refused: a document type declaration (DTDs bring entity expansion and external entities, neither of
 * which SAML needs), any parser error or warning, and element nesting deeper than MAX_DEPTH.
 */
export function parseXml(text: string): Document {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new XmlRefused('document type declarations are not accepted');
  const fail = (message: string) => {
    throw new XmlRefused(message);
  };
  const doc = new DOMParser({ errorHandler: { warning: fail, error: fail, fatalError: fail } }).parseFromString(
    text,
    'text/xml',
  );
  const root = doc.documentElement;
  if (!root) throw new XmlRefused('no document element');
  assertDepth(root);
  return doc;
}

/** Walks elements iteratively (no recursion on the untrusted tree), refusing nesting past MAX_DEPTH. */
function assertDepth(root: Element): void {
  const stack: [Node, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_DEPTH) throw new XmlRefused('elements nested too deeply');
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 1) stack.push([child, depth + 1]);
    }
  }
}

export function isElement(node: Node | null, ns: string, localName: string): node is Element {
  if (node === null || node.nodeType !== 1) return false;
  const element = node as Element;
  return element.namespaceURI === ns && element.localName === localName;
}

/** The element children of `parent` with this namespace and local name, in document order. */
export function childElements(parent: Node, ns: string, localName: string): Element[] {
  const out: Element[] = [];
  for (let child = parent.firstChild; child; child = child.nextSibling) {
    if (isElement(child, ns, localName)) out.push(child);
  }
  return out;
}

/** The one such child, undefined when there is none; more than one is refused. */
export function onlyChild(parent: Node, ns: string, localName: string): Element | undefined {
  const found = childElements(parent, ns, localName);
  if (found.length > 1) throw new XmlRefused(`more than one ${localName}`);
  return found[0];
}

/** Every element of the document with this namespace and local name, wherever it is. */
export function allElements(doc: Document, ns: string, localName: string): Element[] {
  return Array.from(doc.getElementsByTagNameNS(ns, localName) as unknown as ArrayLike<Element>);
}

/**
 * The element's text: all of its text and CDATA descendants joined. Read whole, a comment placed inside a value (the
 * comment-truncation attack) cannot make a reader see only the part before it; the signed copies this module reads are
 * canonicalized without comments anyway.
 */
export function textOf(element: Element): string {
  return (element.textContent ?? '').trim();
}

export function attributeOf(element: Element, name: string): string | undefined {
  return element.hasAttribute(name) ? element.getAttribute(name)! : undefined;
}
