// Inventory filters (InventoryFilter: Key, Values, Type) evaluated against entries' attributes.
import { invalidFilter } from '../errors.js';

export interface InventoryFilter {
  Key: string;
  Values: string[];
  Type?: string;
}

export interface CompiledFilter {
  /** The inventory type the key names (`AWS:Application` of `AWS:Application.Name`), or undefined for a bare key. */
  typeName: string | undefined;
  attribute: string;
  matches(entry: Readonly<Record<string, string>>): boolean;
}

function compare(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `Type.Attribute` (GetInventory's keys) or, where the type is known, a bare attribute (ListInventoryEntries). */
export function compileFilter(filter: InventoryFilter, bareAllowed: boolean): CompiledFilter {
  const dot = filter.Key.lastIndexOf('.');
  const typeName = dot > 0 ? filter.Key.slice(0, dot) : undefined;
  const attribute = dot > 0 ? filter.Key.slice(dot + 1) : filter.Key;
  if ((typeName === undefined && !bareAllowed) || attribute === '') {
    throw invalidFilter(`The filter key ${filter.Key} is not valid.`);
  }
  if (typeName !== undefined && !/^(AWS|Custom):/.test(typeName)) {
    throw invalidFilter(`The filter key ${filter.Key} is not valid.`);
  }
  const type = filter.Type ?? 'Equal';
  const values = filter.Values;
  if (type !== 'Exists' && values.length === 0) throw invalidFilter(`The filter ${filter.Key} has no values.`);
  const test = (value: string | undefined): boolean => {
    switch (type) {
      case 'Exists':
        return value !== undefined;
      case 'Equal':
        return value !== undefined && values.includes(value);
      case 'NotEqual':
        return value !== undefined && !values.includes(value);
      case 'BeginWith':
        return value !== undefined && values.some((v) => value.startsWith(v));
      case 'LessThan':
        return value !== undefined && values.some((v) => compare(value, v) < 0);
      case 'GreaterThan':
        return value !== undefined && values.some((v) => compare(value, v) > 0);
      default:
        throw invalidFilter(`The filter type ${type} is not valid.`);
    }
  };
  return { typeName, attribute, matches: (entry) => test(entry[attribute]) };
}
