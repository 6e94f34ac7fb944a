// Reads rest-xml request bodies into model-shaped values: elements by locationName, wrapped or flattened lists and maps.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ServiceModel, Shape, ShapeRef } from '../model.js';
import { MAX_NESTING_DEPTH } from './nesting.js';
import { isHttpBound, type Malformed } from './http-binding.js';
import { isPlainObject, setEntry, shapeOf, structureInfo, type MemberInfo } from './shapes.js';
import { describeType, parseScalarText } from './values.js';

// Every element parsed as a list (one <Tag> and several read alike); text kept exactly as sent, for the model to type.
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  isArray: () => true,
  // Its own bound (100 by default) would refuse documents the pre-scan lets through; the pre-scan is the bound.
  maxNestedTags: MAX_NESTING_DEPTH + 1,
});

type XmlNode = Record<string, unknown[]>;

const SLASH = 0x2f;
const QUESTION = 0x3f;
const BANG = 0x21;

/**
 * Whether XML text opens more than `limit` elements at once, read in one pass before any parser sees it (the
 * parser's tree building and the walk below recurse per level). Counts conservatively: an attribute value holding
 * `>` can only make an element look deeper, never shallower. Malformed text is refused by the validator anyway.
 */
export function xmlTextTooDeep(text: string, limit = MAX_NESTING_DEPTH): boolean {
  let depth = 0;
  for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (next === SLASH) depth--;
    else if (next !== QUESTION && next !== BANG) {
      const end = text.indexOf('>', i);
      if (end < 0) return false;
      if (text.charCodeAt(end - 1) !== SLASH && ++depth > limit) return true;
      i = end;
    }
  }
  return false;
}

/**
 * Parses a request body's XML and returns its top element's content (the root's own name is not checked: AWS's
 * REST XML services name it after the operation and read its children). Undefined for an empty body.
 */
export function parseXmlBody(body: Buffer, malformed: Malformed): { name: string; node: unknown } | undefined {
  const text = body.toString('utf8');
  if (text.trim() === '') return undefined;
  // A DTD can define entities that expand without bound; no AWS request carries one.
  if (/<!DOCTYPE/i.test(text)) throw malformed('DOCTYPE is not allowed');
  if (xmlTextTooDeep(text)) throw malformed(`Elements nested deeper than ${MAX_NESTING_DEPTH}`);
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw malformed(`${valid.err.msg} (line ${valid.err.line})`);
  let doc: XmlNode;
  try {
    doc = parser.parse(text) as XmlNode;
  } catch (err) {
    throw malformed(err instanceof Error ? err.message.slice(0, 200) : 'unreadable');
  }
  const name = Object.keys(doc).find((k) => k !== '?xml' && k !== '#text');
  if (name === undefined) throw malformed('Premature end of file.');
  return { name, node: doc[name]?.[0] };
}

/** The children of an element: an object, or nothing at all when the element held only text (or whitespace). */
function childrenOf(node: unknown, shape: Shape, at: string, malformed: Malformed): XmlNode | undefined {
  if (isPlainObject(node)) return node as XmlNode;
  if (node === undefined || (typeof node === 'string' && node.trim() === '')) return undefined;
  throw malformed(`Element '${at}' must hold elements of a ${shape.type}, not text.`);
}

/** Reads the content of one element as the shape says, keyed by member names; `depth` counts open elements. */
export function readXml(
  model: ServiceModel,
  ref: ShapeRef,
  shape: Shape,
  node: unknown,
  at: string,
  malformed: Malformed,
  depth = 1,
): unknown {
  if (depth > MAX_NESTING_DEPTH) throw malformed(`Elements nested deeper than ${MAX_NESTING_DEPTH}`);
  switch (shape.type) {
    case 'structure':
      return readStructure(model, shape, childrenOf(node, shape, at, malformed), at, malformed, depth, () => true);
    case 'list': {
      const children = childrenOf(node, shape, at, malformed);
      const memberRef = shape.member as ShapeRef;
      const items = children?.[memberRef.locationName ?? 'member'] ?? [];
      return readItems(model, memberRef, items, at, malformed, depth);
    }
    case 'map': {
      const children = childrenOf(node, shape, at, malformed);
      return readEntries(model, shape, children?.entry ?? [], at, malformed, depth);
    }
    default: {
      if (node !== undefined && typeof node !== 'string') {
        throw malformed(`Element '${at}' must hold text, not elements.`);
      }
      const text = node ?? '';
      const value = parseScalarText(shape, text);
      if (value === undefined) {
        throw malformed(`'${text}' is not a valid value for '${at}': expected ${describeType(shape)}.`);
      }
      return value;
    }
  }
}

/** The members of an input structure the body carries (those not bound to the URI, query string or headers). */
export function readBodyMembers(
  model: ServiceModel,
  shape: Shape,
  node: unknown,
  at: string,
  malformed: Malformed,
): Record<string, unknown> {
  const children = childrenOf(node, shape, at, malformed);
  return readStructure(model, shape, children, at, malformed, 1, (member) => !isHttpBound(member));
}

/** The members of a structure whose element is `children`; `include` picks the members the body carries. */
function readStructure(
  model: ServiceModel,
  shape: Shape,
  children: XmlNode | undefined,
  at: string,
  malformed: Malformed,
  depth: number,
  include: (member: MemberInfo) => boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!children) return out;
  for (const member of structureInfo(model, shape).members) {
    if (!include(member)) continue;
    const flattened = member.shape.type === 'list' && (member.shape.flattened || member.ref.flattened);
    const flatMap = member.shape.type === 'map' && (member.shape.flattened || member.ref.flattened);
    // A flattened list's items repeat under the member's name (or the item's own locationName).
    const name = flattened ? (member.shape.member?.locationName ?? member.wire) : member.wire;
    if (!Object.hasOwn(children, name)) continue;
    const nodes = children[name];
    let value: unknown;
    if (flattened) value = readItems(model, member.shape.member as ShapeRef, nodes, name, malformed, depth);
    else if (flatMap) value = readEntries(model, member.shape, nodes, name, malformed, depth);
    else value = readXml(model, member.ref, member.shape, nodes[0], member.wire, malformed, depth + 1);
    if (value !== undefined) out[member.name] = value;
  }
  return out;
}

function readItems(
  model: ServiceModel,
  memberRef: ShapeRef,
  items: readonly unknown[],
  at: string,
  malformed: Malformed,
  depth: number,
): unknown[] {
  const itemShape = shapeOf(model, memberRef);
  return items.map((item) => readXml(model, memberRef, itemShape, item, at, malformed, depth + 1));
}

function readEntries(
  model: ServiceModel,
  shape: Shape,
  entries: readonly unknown[],
  at: string,
  malformed: Malformed,
  depth: number,
): Record<string, unknown> {
  const keyRef = shape.key as ShapeRef;
  const valueRef = shape.value as ShapeRef;
  const valueShape = shapeOf(model, valueRef);
  const keyName = keyRef.locationName ?? 'key';
  const valueName = valueRef.locationName ?? 'value';
  const out: Record<string, unknown> = {};
  for (const entry of entries) {
    if (!isPlainObject(entry)) throw malformed(`Element '${at}' must hold ${keyName} and ${valueName}.`);
    const children = entry as XmlNode;
    const key = children[keyName]?.[0];
    if (typeof key !== 'string') throw malformed(`Element '${at}' must hold one ${keyName}.`);
    const value = readXml(model, valueRef, valueShape, children[valueName]?.[0], valueName, malformed, depth + 2);
    setEntry(out, key, value);
  }
  return out;
}
