// Model-driven input validation (required, length, range, pattern, enum), worded exactly as AWS words it.
import { AwsError } from './error.js';
import type { ServiceModel, Shape, ShapeRef } from './model.js';
import { modelPatternMatcher } from './protocols/java-regex.js';
import { MAX_NESTING_DEPTH, nestingTooDeep, valueTooDeep } from './protocols/nesting.js';
import { isPlainObject, lowerFirst, shapeOf, structureInfo } from './protocols/shapes.js';

/** Query services answer ValidationError, the JSON and rest-json ones ValidationException. */
export type ProtocolStyle = 'query' | 'json';

const enumSets = new WeakMap<Shape, ReadonlySet<string>>();

function enumSet(shape: Shape): ReadonlySet<string> {
  let set = enumSets.get(shape);
  if (!set) {
    set = new Set(shape.enum);
    enumSets.set(shape, set);
  }
  return set;
}

const SCALAR_TYPES = new Set(['string', 'integer', 'long', 'float', 'double', 'boolean', 'bigdecimal', 'biginteger']);

function scalarText(shape: Shape, value: unknown): string {
  if (typeof value === 'number' && (shape.type === 'float' || shape.type === 'double') && Number.isInteger(value)) {
    return `${value}.0`; // Java's Double.toString
  }
  return String(value);
}

/**
 * The value as AWS quotes it (Java's toString of the deserialized value). Undefined when AWS leaves it
 * out: sensitive members, blobs, and structures whose Java rendering cannot be reproduced.
 */
function quoted(model: ServiceModel, shape: Shape, value: unknown): string | undefined {
  if (shape.sensitive) return undefined;
  if (SCALAR_TYPES.has(shape.type)) return scalarText(shape, value);
  if (shape.type === 'list' && Array.isArray(value) && shape.member) {
    const member = shapeOf(model, shape.member);
    if (member.sensitive || !SCALAR_TYPES.has(member.type)) return undefined;
    return `[${value.map((v) => scalarText(member, v)).join(', ')}]`;
  }
  if (shape.type === 'map' && isPlainObject(value) && shape.value) {
    const member = shapeOf(model, shape.value);
    if (member.sensitive || !SCALAR_TYPES.has(member.type)) return undefined;
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${scalarText(member, v)}`)
      .join(', ')}}`;
  }
  return undefined;
}

function sizeOf(shape: Shape, value: unknown): number | undefined {
  if (shape.type === 'string' && typeof value === 'string') return value.length;
  if (shape.type === 'list' && Array.isArray(value)) return value.length;
  if (shape.type === 'map' && isPlainObject(value)) return Object.keys(value).length;
  if (shape.type === 'blob' && value instanceof Uint8Array) return value.byteLength;
  return undefined;
}

/** Which kind of constraint a violation breaks, for services that word input errors their own way. */
export type ConstraintKind =
  'required' | 'minLength' | 'maxLength' | 'minValue' | 'maxValue' | 'pattern' | 'enum' | 'mapKey' | 'mapValue';

interface Broken {
  kind: ConstraintKind;
  text: string;
}

/** The constraints a value breaks, in the order AWS reports them: length, value range, pattern, enum. */
function brokenConstraintKinds(shape: Shape, value: unknown): Broken[] {
  const broken: Broken[] = [];
  const size = sizeOf(shape, value);
  if (size !== undefined) {
    if (shape.min !== undefined && size < shape.min) {
      broken.push({ kind: 'minLength', text: `Member must have length greater than or equal to ${shape.min}` });
    }
    if (shape.max !== undefined && size > shape.max) {
      broken.push({ kind: 'maxLength', text: `Member must have length less than or equal to ${shape.max}` });
    }
  } else if (typeof value === 'number') {
    if (shape.min !== undefined && value < shape.min) {
      broken.push({ kind: 'minValue', text: `Member must have value greater than or equal to ${shape.min}` });
    }
    if (shape.max !== undefined && value > shape.max) {
      broken.push({ kind: 'maxValue', text: `Member must have value less than or equal to ${shape.max}` });
    }
  }
  if (typeof value === 'string') {
    if (shape.pattern !== undefined && modelPatternMatcher(shape.pattern)?.(value) === false) {
      broken.push({ kind: 'pattern', text: `Member must satisfy regular expression pattern: ${shape.pattern}` });
    }
    if (shape.enum && !enumSet(shape).has(value)) {
      broken.push({ kind: 'enum', text: `Member must satisfy enum value set: [${shape.enum.join(', ')}]` });
    }
  }
  return broken;
}

function brokenConstraints(shape: Shape, value: unknown): string[] {
  return brokenConstraintKinds(shape, value).map((b) => b.text);
}

/** Every constraint a shape declares, as a map's keys or values are summarised: max before min, then pattern. */
function declaredConstraints(shape: Shape): string[] {
  const declared: string[] = [];
  const measured = ['string', 'list', 'map', 'blob'].includes(shape.type);
  const noun = measured ? 'length' : 'value';
  if (shape.max !== undefined) declared.push(`Member must have ${noun} less than or equal to ${shape.max}`);
  if (shape.min !== undefined) declared.push(`Member must have ${noun} greater than or equal to ${shape.min}`);
  if (shape.pattern !== undefined) declared.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
  if (shape.enum) declared.push(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
  return declared;
}

/** One violation: its clause of AWS's message, and what it broke where (a service may word it otherwise). */
export interface InputViolation {
  message: string;
  kind: ConstraintKind;
  /** The member's path as the message spells it: `policyId`, `tags.1.member.key`. */
  path: string;
  /** The shape the value broke (undefined for a missing required member). */
  shape: Shape | undefined;
}

class Collector {
  readonly violations: InputViolation[] = [];
  constructor(readonly model: ServiceModel) {}

  get messages(): string[] {
    return this.violations.map((v) => v.message);
  }

  add(shape: Shape | undefined, value: unknown, path: string, constraint: string, kind: ConstraintKind): void {
    const shown = value === null || !shape ? undefined : quoted(this.model, shape, value);
    const valuePart = value === null ? 'Value null' : shown === undefined ? 'Value' : `Value '${shown}'`;
    const message = `${valuePart} at '${path}' failed to satisfy constraint: ${constraint}`;
    this.violations.push({ message, kind, path, shape });
  }

  /** Walks at most MAX_NESTING_DEPTH containers deep (validateInput refuses deeper input before walking). */
  structure(shape: Shape, value: Record<string, unknown>, path: string, depth = 1): void {
    if (depth > MAX_NESTING_DEPTH) return;
    for (const member of structureInfo(this.model, shape).members) {
      const memberPath = path ? `${path}.${lowerFirst(member.name)}` : lowerFirst(member.name);
      const v = value[member.name];
      if (v === undefined || v === null) {
        if (member.required) this.add(undefined, null, memberPath, 'Member must not be null', 'required');
        continue;
      }
      this.value(member.shape, v, memberPath, depth + 1);
    }
  }

  /** A value at `depth` (its own level, were it a container). */
  value(shape: Shape, value: unknown, path: string, depth: number): void {
    for (const b of brokenConstraintKinds(shape, value)) this.add(shape, value, path, b.text, b.kind);
    if (depth > MAX_NESTING_DEPTH) return;
    if (shape.type === 'structure' && isPlainObject(value)) this.structure(shape, value, path, depth);
    else if (shape.type === 'list' && Array.isArray(value) && shape.member) {
      const member = shapeOf(this.model, shape.member);
      value.forEach((item, i) => {
        if (item !== undefined && item !== null) this.value(member, item, `${path}.${i + 1}.member`, depth + 1);
      });
    } else if (shape.type === 'map' && isPlainObject(value) && shape.key && shape.value) {
      this.map(shape, value, path, depth);
    }
  }

  map(shape: Shape, value: Record<string, unknown>, path: string, depth: number): void {
    const keyShape = shapeOf(this.model, shape.key as ShapeRef);
    const valueShape = shapeOf(this.model, shape.value as ShapeRef);
    const entries = Object.entries(value);
    if (entries.some(([k]) => brokenConstraints(keyShape, k).length > 0)) {
      const constraint = `Map keys must satisfy constraint: [${declaredConstraints(keyShape).join(', ')}]`;
      this.add(shape, value, path, constraint, 'mapKey');
    }
    const scalarValues = valueShape.type !== 'structure' && valueShape.type !== 'list' && valueShape.type !== 'map';
    if (scalarValues) {
      if (entries.some(([, v]) => v !== null && v !== undefined && brokenConstraints(valueShape, v).length > 0)) {
        const constraints = declaredConstraints(valueShape).join(', ');
        this.add(shape, value, path, `Map value must satisfy constraint: [${constraints}]`, 'mapValue');
      }
      return;
    }
    for (const [k, v] of entries)
      if (v !== undefined && v !== null) this.value(valueShape, v, `${path}.${k}`, depth + 1);
  }
}

/** The violations of an input value against its shape, with what each broke. */
export function inputViolationDetails(model: ServiceModel, shapeRef: ShapeRef, value: unknown): InputViolation[] {
  const collector = new Collector(model);
  const shape = shapeOf(model, shapeRef);
  if (shape.type === 'structure') collector.structure(shape, isPlainObject(value) ? value : {}, '');
  else collector.value(shape, value, '', 1);
  return collector.violations;
}

/** The violations of an input value against its shape, each worded as one clause of AWS's message. */
export function inputViolations(model: ServiceModel, shapeRef: ShapeRef, value: unknown): string[] {
  return inputViolationDetails(model, shapeRef, value).map((v) => v.message);
}

/** The protocol's validation error, carrying its violations so a service may answer them in its own words. */
export class InputValidationError extends AwsError {
  constructor(
    style: ProtocolStyle,
    readonly violations: readonly InputViolation[],
  ) {
    const base = validationError(
      style,
      violations.map((v) => v.message),
    );
    super(base.code, base.message, { status: base.status, fault: base.fault });
  }
}

/** The error AWS answers for these violations: `N validation error(s) detected: ...; ...`. */
export function validationError(style: ProtocolStyle, violations: readonly string[]): AwsError {
  const n = violations.length;
  const message = `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.join('; ')}`;
  return new AwsError(style === 'query' ? 'ValidationError' : 'ValidationException', message, {
    status: 400,
    fault: 'Sender',
  });
}

/**
 * Throws the protocol's validation error if the decoded input breaks any constraint of the model. Input nested
 * past MAX_NESTING_DEPTH is refused first, as the codecs refuse it (so the walk below stays shallow).
 */
export function validateInput(model: ServiceModel, shapeRef: ShapeRef, value: unknown, protocolStyle: ProtocolStyle) {
  if (valueTooDeep(value)) throw nestingTooDeep(protocolStyle);
  const violations = inputViolationDetails(model, shapeRef, value);
  if (violations.length > 0) throw new InputValidationError(protocolStyle, violations);
}
