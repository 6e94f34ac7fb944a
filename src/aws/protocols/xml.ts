// Writes model-shaped values as the query protocol's XML (lists of <member>, maps of <entry>), escaped.
import type { ServiceModel, Shape, ShapeRef } from '../model.js';
import { shapeOf, structureInfo } from './shapes.js';
import { formatTimestampText, toBytes, toDate } from './values.js';

/** Markup characters, carriage returns (kept by escaping), and every character XML 1.0 cannot carry at all. */
const XML_SPECIAL = /[&<>"'\r]|[^\t\n\r\u0020-\ufffd\u{10000}-\u{10ffff}]/gu;
/** Tab, newline and printable ASCII except & < > " ': text that XML_SPECIAL cannot match. */
const NOTHING_TO_ESCAPE = /^[\t\n\x20\x21\x23-\x25\x28-\x3b\x3d\x3f-\x7e]*$/;
const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
};

/** Escapes text for an element or attribute; characters XML 1.0 cannot carry at all become U+FFFD. */
export function escapeXml(text: string): string {
  // Most of what a response carries (ids, ARNs, names, dates) is printable ASCII without markup: one scan, no copy.
  if (NOTHING_TO_ESCAPE.test(text)) return text;
  return text.replace(XML_SPECIAL, (c) => XML_ESCAPES[c] ?? '\ufffd');
}

export class XmlWriter {
  private readonly parts: string[] = [];

  constructor(private readonly model: ServiceModel) {}

  raw(text: string): this {
    this.parts.push(text);
    return this;
  }

  element(name: string, text: string): this {
    this.parts.push(`<${name}>`, escapeXml(text), `</${name}>`);
    return this;
  }

  toString(): string {
    return this.parts.join('');
  }

  /** The members of a structure value, in model order, skipping absent ones and anything the model lacks. */
  members(shape: Shape, value: unknown): this {
    if (value === null || typeof value !== 'object') return this;
    const record = value as Record<string, unknown>;
    for (const member of structureInfo(this.model, shape).members) {
      const v = record[member.name];
      if (v !== undefined && v !== null) this.member(member.wire, member.ref, member.shape, v);
    }
    return this;
  }

  /** One named value: lists and maps expand (flattened or wrapped), everything else is one element. */
  member(name: string, ref: ShapeRef, shape: Shape, value: unknown): void {
    if (shape.type === 'list' && shape.member) {
      const memberShape = shapeOf(this.model, shape.member);
      const items = (Array.isArray(value) ? value : [value]).filter((v) => v !== undefined && v !== null);
      if (shape.flattened || ref.flattened) {
        const itemName = shape.member.locationName ?? name;
        for (const item of items) this.member(itemName, shape.member, memberShape, item);
        return;
      }
      const itemName = shape.member.locationName ?? 'member';
      this.parts.push(`<${name}>`);
      for (const item of items) this.member(itemName, shape.member, memberShape, item);
      this.parts.push(`</${name}>`);
      return;
    }
    if (shape.type === 'map' && shape.key && shape.value) {
      const keyName = shape.key.locationName ?? 'key';
      const valueName = shape.value.locationName ?? 'value';
      const valueShape = shapeOf(this.model, shape.value);
      const flattened = shape.flattened || ref.flattened;
      if (!flattened) this.parts.push(`<${name}>`);
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === undefined || v === null) continue;
        this.parts.push(flattened ? `<${name}>` : '<entry>');
        this.element(keyName, k);
        this.member(valueName, shape.value, valueShape, v);
        this.parts.push(flattened ? `</${name}>` : '</entry>');
      }
      if (!flattened) this.parts.push(`</${name}>`);
      return;
    }
    if (shape.type === 'structure') {
      this.parts.push(`<${name}>`);
      this.members(shape, value);
      this.parts.push(`</${name}>`);
      return;
    }
    this.element(name, scalarText(ref, shape, value));
  }
}

function scalarText(ref: ShapeRef, shape: Shape, value: unknown): string {
  switch (shape.type) {
    case 'timestamp': {
      const date = toDate(value);
      if (!date) throw new TypeError(`not a timestamp: ${String(value)}`);
      return formatTimestampText(date, ref.timestampFormat ?? shape.timestampFormat ?? 'iso8601');
    }
    case 'blob':
      return toBytes(value).toString('base64');
    case 'boolean':
      return value === true || value === 'true' ? 'true' : 'false';
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return String(Number(value));
    default:
      return String(value);
  }
}
