// A strict check of a value against a shape of the WAFv2 model: unknown members, wrong types, exactly one statement.
import type { ServiceModel, Shape } from '../../../aws/model.js';
import { inputViolations } from '../../../aws/validate.js';

/** Structures where AWS requires exactly one member to be set (a statement, a field to match, an action). */
const ONE_OF = new Set(['Statement', 'FieldToMatch', 'RuleAction', 'HeaderMatchPattern', 'CookieMatchPattern']);

function walk(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  path: string,
  problems: string[],
  depth: number,
): void {
  if (depth > 64) {
    problems.push(`${path}: nested too deep`);
    return;
  }
  const shape = model.shapes[shapeName] as Shape | undefined;
  if (!shape) {
    problems.push(`${path}: no shape ${shapeName}`);
    return;
  }
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) {
        problems.push(`${path}: ${shapeName} must be an object`);
        return;
      }
      const members = shape.members ?? {};
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      for (const [k, v] of entries) {
        const m = members[k];
        if (!m) problems.push(`${path}.${k}: not a member of ${shapeName}`);
        else walk(model, m.shape, v, `${path}.${k}`, problems, depth + 1);
      }
      if (ONE_OF.has(shapeName) && entries.length !== 1) {
        problems.push(`${path}: ${shapeName} must set exactly one member, has ${entries.length}`);
      }
      return;
    }
    case 'list':
      if (!Array.isArray(value)) problems.push(`${path}: ${shapeName} must be a list`);
      else value.forEach((item, i) => walk(model, shape.member!.shape, item, `${path}[${i}]`, problems, depth + 1));
      return;
    case 'blob':
      if (!(value instanceof Uint8Array)) problems.push(`${path}: ${shapeName} must be bytes`);
      return;
    case 'string':
      if (typeof value !== 'string') problems.push(`${path}: ${shapeName} must be a string`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') problems.push(`${path}: ${shapeName} must be a boolean`);
      return;
    case 'integer':
    case 'long':
      if (!Number.isInteger(value)) problems.push(`${path}: ${shapeName} must be an integer`);
      return;
    default:
      problems.push(`${path}: ${shapeName} has type ${shape.type}, not checked here`);
  }
}

/**
 * Everything wrong with a value as the named shape: the model's own constraints (required, lengths, patterns, enums,
 * via validate.ts) and, beyond what input validation checks, unknown members, types, and one-of structures.
 */
export function shapeProblems(model: ServiceModel, shapeName: string, value: unknown): string[] {
  const problems: string[] = [];
  walk(model, shapeName, value, shapeName, problems, 0);
  problems.push(...inputViolations(model, { shape: shapeName }, value));
  return problems;
}
