// Generates src/aws/generated/<model>.ts (types for every structure and enum of each served model) and handlers.ts.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { loadModel, vendoredModelNames, type ModelName, type ServiceModel, type Shape } from '../src/aws/model.js';
import { SERVED_MODEL_NAMES } from '../src/services/registry.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const GENERATED_DIR = join(ROOT, 'src', 'aws', 'generated');

/**
 * Names a generated type must not take: TypeScript's and Node's global types (a shape named `Date`
 * would shadow the Date its timestamps use) and the names the generated files themselves use.
 */
const RESERVED = new Set(
  [
    'Array ArrayBuffer Awaited BigInt Blob Boolean Buffer DataView Date Document Element Error Event Exclude Extract',
    'File Function Handler Handlers Headers Intl Iterable JSON Map Math Node NonNullable Number Object Omit Partial',
    'Pick Promise Proxy Readonly Record Reflect RegExp Request Required Response ReturnType Set String Symbol URL',
    'Uint8Array WeakMap WeakSet any bigint boolean never null number object string symbol undefined unknown void',
  ]
    .join(' ')
    .split(' '),
);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `IAMOperations`, `CostExplorerOperations`: the service id without spaces or dashes. */
export function operationsInterfaceName(model: ServiceModel): string {
  return `${model.metadata.serviceId.replace(/[^A-Za-z0-9]/g, '')}Operations`;
}

function emitsType(shape: Shape): boolean {
  return (shape.type === 'structure' && !shape.document) || (shape.type === 'string' && shape.enum !== undefined);
}

/** Shape name → type name, renamed deterministically (suffix `Shape`) where it would clash. */
function typeNames(model: ServiceModel): Map<string, string> {
  const taken = new Set<string>([operationsInterfaceName(model), ...Object.keys(model.shapes)]);
  const names = new Map<string, string>();
  for (const name of Object.keys(model.shapes).sort()) {
    if (!emitsType(model.shapes[name])) continue;
    let typeName = name;
    if (RESERVED.has(name) || !IDENTIFIER.test(name)) {
      typeName = `${name.replace(/[^A-Za-z0-9_$]/g, '_')}Shape`;
      while (taken.has(typeName) || RESERVED.has(typeName)) typeName += 'Shape';
      taken.add(typeName);
    }
    names.set(name, typeName);
  }
  return names;
}

function literal(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function propertyName(name: string): string {
  return IDENTIFIER.test(name) ? name : literal(name);
}

class TypeWriter {
  private readonly names: Map<string, string>;

  constructor(private readonly model: ServiceModel) {
    this.names = typeNames(model);
  }

  /** The TypeScript type of a shape reference. */
  typeOf(shapeName: string): string {
    const shape = this.model.shapes[shapeName];
    const named = this.names.get(shapeName);
    if (named) return named;
    switch (shape.type) {
      case 'structure':
        return 'unknown'; // a document
      case 'string':
        return shape.document ? 'unknown' : 'string';
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
      case 'bigdecimal':
      case 'biginteger':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'timestamp':
        return 'Date';
      case 'blob':
        return 'Uint8Array';
      case 'list': {
        const item = this.typeOf(shape.member?.shape ?? '');
        return /^[A-Za-z0-9_$]+$/.test(item) ? `${item}[]` : `Array<${item}>`;
      }
      case 'map':
        return `Record<string, ${this.typeOf(shape.value?.shape ?? '')}>`;
      default:
        return 'unknown';
    }
  }

  declaration(shapeName: string): string {
    const shape = this.model.shapes[shapeName];
    const name = this.names.get(shapeName) as string;
    if (shape.type === 'string') return `export type ${name} = ${(shape.enum ?? []).map(literal).join(' | ')};`;
    const members = Object.entries(shape.members ?? {});
    if (members.length === 0) return `export type ${name} = Record<string, never>;`;
    const required = new Set(shape.required ?? []);
    const lines = members.map(
      ([member, ref]) => `  ${propertyName(member)}${required.has(member) ? '' : '?'}: ${this.typeOf(ref.shape)};`,
    );
    return `export interface ${name} {\n${lines.join('\n')}\n}`;
  }

  declarations(): string[] {
    return [...this.names.keys()].map((shapeName) => this.declaration(shapeName));
  }

  operations(): string {
    const lines = Object.keys(this.model.operations)
      .sort()
      .map((name) => {
        const op = this.model.operations[name];
        const input = op.input ? this.typeOf(op.input.shape) : 'Record<string, never>';
        const output = op.output ? this.typeOf(op.output.shape) : 'void';
        return `  ${propertyName(name)}: { input: ${input}; output: ${output} };`;
      });
    return `export interface ${operationsInterfaceName(this.model)} {\n${lines.join('\n')}\n}`;
  }
}

async function prettify(source: string, file: string): Promise<string> {
  const config = (await resolveConfig(file)) ?? {};
  return format(source, { ...config, filepath: file });
}

/** The generated module for one model, formatted as the repository's prettier config formats it. */
export async function generateModelTypes(name: ModelName): Promise<string> {
  const model = loadModel(name);
  const writer = new TypeWriter(model);
  const header =
    `// Generated by scripts/gen-types.ts from models/${name}.json (${model.metadata.serviceId} ${model.metadata.apiVersion}); ` +
    'do not edit: run `npm run gen:types`.';
  const source = [header, ...writer.declarations(), writer.operations()].join('\n\n') + '\n';
  return prettify(source, join(GENERATED_DIR, `${name}.ts`));
}

const HANDLERS_SOURCE = `// Generated by scripts/gen-types.ts: typed handler maps over a service's generated Operations interface.

/**
 * What every handler receives. The wire layer does not know it: src/core/runtime.ts merges its RequestContext into
 * this interface (declaration merging), so these generated types import nothing above src/aws.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by src/core/runtime.ts
export interface HandlerContext {}

/** Handlers for some of a service's operations, each typed by the operation's input and output. */
export type Handlers<Ops extends { [K in keyof Ops]: { input: unknown; output: unknown } }> = {
  [K in keyof Ops]?: (ctx: HandlerContext, input: Ops[K]['input']) => Promise<Ops[K]['output']>;
};
`;

/**
 * Every generated file: path relative to the repository root → content. Only the models of services with
 * handlers (the registry's SERVED_MODEL_NAMES) get types: a service only modelled has no code to type.
 */
export async function generateAll(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of SERVED_MODEL_NAMES) {
    files.set(`src/aws/generated/${name}.ts`, await generateModelTypes(name));
  }
  files.set('src/aws/generated/handlers.ts', await prettify(HANDLERS_SOURCE, join(GENERATED_DIR, 'handlers.ts')));
  return files;
}

/** Generated model files no served model makes any more (a vendored model's name, not in `files`). */
export function staleGeneratedFiles(files: ReadonlyMap<string, string>): string[] {
  return vendoredModelNames()
    .map((name) => `src/aws/generated/${name}.ts`)
    .filter((path) => !files.has(path) && existsSync(join(ROOT, path)));
}

async function main(): Promise<void> {
  mkdirSync(GENERATED_DIR, { recursive: true });
  const files = await generateAll();
  for (const [path, content] of files) {
    writeFileSync(join(ROOT, path), content);
    console.log(`wrote ${path}`);
  }
  for (const path of staleGeneratedFiles(files)) {
    rmSync(join(ROOT, path));
    console.log(`removed ${path}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
