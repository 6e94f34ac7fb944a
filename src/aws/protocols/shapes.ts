// Shape-walking helpers shared by the codecs and the validator, with per-model lookups computed once.
import type { ServiceModel, Shape, ShapeRef } from '../model.js';

/** One member of a structure, resolved: its name, reference, target shape and name on the wire. */
export interface MemberInfo {
  readonly name: string;
  readonly ref: ShapeRef;
  readonly shape: Shape;
  /** locationName if the model sets one, else the member name. */
  readonly wire: string;
  readonly required: boolean;
}

export interface StructureInfo {
  readonly members: readonly MemberInfo[];
  readonly byWire: ReadonlyMap<string, MemberInfo>;
  readonly byName: ReadonlyMap<string, MemberInfo>;
}

export interface ErrorShapeInfo {
  /** The shape's name, e.g. NoSuchEntityException. */
  readonly name: string;
  /** The code on the wire: error.code if the model sets one, else the shape name (e.g. NoSuchEntity). */
  readonly code: string;
  readonly shape: Shape;
}

interface ModelIndex {
  readonly structures: WeakMap<Shape, StructureInfo>;
  /** Error shapes by shape name and by wire code. */
  readonly errors: ReadonlyMap<string, ErrorShapeInfo>;
}

const indexes = new WeakMap<ServiceModel, ModelIndex>();

function indexFor(model: ServiceModel): ModelIndex {
  let index = indexes.get(model);
  if (!index) {
    const errors = new Map<string, ErrorShapeInfo>();
    for (const [name, shape] of Object.entries(model.shapes)) {
      if (!shape.exception) continue;
      const info: ErrorShapeInfo = { name, code: shape.error?.code ?? name, shape };
      errors.set(name, info);
      if (!errors.has(info.code)) errors.set(info.code, info);
    }
    index = { structures: new WeakMap(), errors };
    indexes.set(model, index);
  }
  return index;
}

/** The shape a reference points at; a model that names a missing shape is a bug in the vendored file. */
export function shapeOf(model: ServiceModel, ref: ShapeRef): Shape {
  const shape = model.shapes[ref.shape];
  if (!shape) throw new Error(`model ${model.metadata.serviceId} has no shape ${ref.shape}`);
  return shape;
}

/** The members of a structure shape, resolved once per shape. */
export function structureInfo(model: ServiceModel, shape: Shape): StructureInfo {
  const index = indexFor(model);
  let info = index.structures.get(shape);
  if (!info) {
    const required = new Set(shape.required ?? []);
    const members: MemberInfo[] = Object.entries(shape.members ?? {}).map(([name, ref]) => ({
      name,
      ref,
      shape: shapeOf(model, ref),
      wire: ref.locationName ?? name,
      required: required.has(name),
    }));
    info = {
      members,
      byWire: new Map(members.map((m) => [m.wire, m])),
      byName: new Map(members.map((m) => [m.name, m])),
    };
    index.structures.set(shape, info);
  }
  return info;
}

/** The model's error shape for a wire code, matching either the shape name or its error.code. */
export function errorShapeFor(model: ServiceModel, code: string): ErrorShapeInfo | undefined {
  return indexFor(model).errors.get(code);
}

/** AWS names members in validation messages with the first letter lower-cased: SAMLOptions → sAMLOptions. */
export function lowerFirst(name: string): string {
  return name.length === 0 ? name : name[0].toLowerCase() + name.slice(1);
}

/** True for a plain JSON-style object (not an array, Buffer, Date or null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Sets a caller-chosen key (map keys come from the request) without `__proto__` reaching the prototype. */
export function setEntry(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
