// Imports point downward: aws → store → policy → core ← services, with authz between core and services, and no two
// folders of src/ import each other, directly or round a longer loop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../', import.meta.url));

/** Folder of src/ → the folders of src/ its code (tests aside) must never import. */
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  // Network data (the offline geolocation database) any layer may use: it imports nothing of Warden.
  net: ['services', 'authz', 'auth', 'audit', 'billing', 'store', 'core', 'policy', 'aws'],
  aws: ['services', 'authz', 'auth', 'audit', 'billing', 'store', 'core', 'policy'],
  store: ['services', 'authz', 'auth', 'audit', 'billing', 'core', 'policy'],
  policy: ['services', 'authz', 'auth', 'audit', 'billing', 'core', 'store'],
  audit: ['services', 'authz', 'auth', 'billing', 'core'],
  core: ['services', 'authz', 'auth', 'billing'],
  // Authorization asks the services through their hooks (src/core/runtime.ts), never by importing them.
  authz: ['services', 'auth', 'billing'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** The node of src/ a path is in: its top folder, or the file itself for the files at src/'s top (cli.ts, ...). */
function nodeOf(path: string): string {
  return relative(SRC, path)
    .split('/')[0]!
    .replace(/\.[jt]s$/, '');
}

/** The src/ node each relative import (type-only ones too) of file lands in; imports leaving src/ are left out. */
function importedNodes(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => m[1]!);
  return specifiers
    .map((spec) => resolve(dirname(file), spec))
    .filter((target) => !relative(SRC, target).startsWith('..'))
    .map(nodeOf);
}

/** Every import between two nodes of src/, with one file that makes it (for the message). */
function nodeGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(SRC)) {
    const from = nodeOf(file);
    for (const to of importedNodes(file)) {
      if (to === from) continue;
      let edges = graph.get(from);
      if (edges === undefined) graph.set(from, (edges = new Map()));
      if (!edges.has(to)) edges.set(to, relative(SRC, file));
    }
  }
  return graph;
}

/** The loops of the graph (one per strongly connected set of nodes), each as its nodes in a closed path. */
function cycles(graph: ReadonlyMap<string, ReadonlyMap<string, string>>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  for (const start of graph.keys()) {
    if (done.has(start)) continue;
    // Depth-first from start; the first edge back into the current path closes a loop.
    const path: string[] = [];
    const onPath = new Set<string>();
    const visit = (node: string): boolean => {
      path.push(node);
      onPath.add(node);
      for (const next of graph.get(node)?.keys() ?? []) {
        if (onPath.has(next)) {
          found.push([...path.slice(path.indexOf(next)), next]);
          // Reported once: the loop's folders are not searched again from another start.
          for (const n of path) done.add(n);
          return true;
        }
        if (!done.has(next) && visit(next)) return true;
      }
      path.pop();
      onPath.delete(node);
      done.add(node);
      return false;
    };
    visit(start);
  }
  return found;
}

test('src/net, src/aws, src/store, src/policy, src/audit, src/core and src/authz import nothing above them', () => {
  const violations: string[] = [];
  for (const [folder, forbidden] of Object.entries(FORBIDDEN)) {
    for (const file of sourceFiles(join(SRC, folder))) {
      for (const target of importedNodes(file)) {
        if (forbidden.includes(target)) violations.push(`${relative(SRC, file)} imports src/${target}`);
      }
    }
  }
  assert.deepEqual(violations, []);
});

test('no two folders of src/ import each other, directly or through others', () => {
  const graph = nodeGraph();
  const loops = cycles(graph).map((loop) =>
    loop
      .slice(1)
      .map((to, i) => `${loop[i]} → ${to} (${graph.get(loop[i]!)!.get(to)})`)
      .join(', '),
  );
  assert.deepEqual(loops, []);
});

test('the loop finder finds a loop through three folders, and none in a chain', () => {
  const edge = (to: string) => new Map([[to, `${to}.ts`]]);
  assert.deepEqual(
    cycles(
      new Map([
        ['a', edge('b')],
        ['b', edge('c')],
        ['c', edge('a')],
      ]),
    ),
    [['a', 'b', 'c', 'a']],
  );
  assert.deepEqual(
    cycles(
      new Map([
        ['a', edge('b')],
        ['b', edge('c')],
      ]),
    ),
    [],
  );
});
