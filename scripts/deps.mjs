#!/usr/bin/env node
// Fails when the stages import each other in a circle, or when a file outside src/harness reaches
// past its door (src/harness/index.ts). A stage is a top-level folder
// (generators, properties, reports) or a folder or file directly under src (src/model,
// src/harness, src/run, src/simulate.ts, ...): data flows one way through them, so their imports must too.
// Type-only imports count: a circle of types is a circle of meaning.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const roots = ['src', 'properties', 'reports', 'generators'];
const importPattern = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(=])import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(c|m)?ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The stage a file belongs to. */
function stage(file) {
  const parts = relative(root, file).split(sep);
  return parts[0] === 'src' ? `src/${parts[1]}` : parts[0];
}

/** Comments hold example code; strings (template code run in workers) are kept, imports in them are rare and real. */
function withoutComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

const edges = new Map(); // stage -> Map<stage, [from file, to file]>
const doorBreaches = [];
const harness = join('src', 'harness');
for (const file of roots.flatMap((r) => files(join(root, r)))) {
  const from = stage(file);
  for (const match of withoutComments(readFileSync(file, 'utf8')).matchAll(importPattern)) {
    const spec = match[1] ?? match[2] ?? match[3];
    if (!spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec).replace(/\.(c|m)?js$/, '.$1ts');
    const relTarget = relative(root, target);
    if (relTarget.startsWith('..') || !roots.includes(relTarget.split(sep)[0])) continue;
    const to = stage(target);
    const fromRel = relative(root, file);
    if (relTarget.startsWith(harness + sep) && relTarget !== join(harness, 'index.ts') && !fromRel.startsWith(harness + sep)) {
      doorBreaches.push(`${fromRel} imports ${relTarget}`);
    }
    if (to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, [relative(root, file), relTarget]);
  }
}

// Tarjan's strongly connected components: every component of more than one stage is a circle.
const index = new Map();
const low = new Map();
const onStack = new Set();
const stack = [];
const circles = [];
let counter = 0;
function connect(v) {
  index.set(v, counter);
  low.set(v, counter++);
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!index.has(w)) {
      connect(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
  }
  if (low.get(v) === index.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) circles.push(component.sort());
  }
}
for (const v of [...edges.keys()].sort()) if (!index.has(v)) connect(v);

for (const breach of doorBreaches) console.error(`deps: ${breach}: import it from src/harness/index.ts, the harness's one door`);
if (circles.length === 0 && doorBreaches.length === 0) {
  console.log(`deps: nothing reaches into src/harness past its door, and no import cycle between the ${new Set([...edges.keys(), ...[...edges.values()].flatMap((m) => [...m.keys()])]).size} stages`);
  process.exit(0);
}
for (const circle of circles) {
  console.error(`deps: import cycle between ${circle.join(', ')}:`);
  for (const from of circle) {
    for (const [to, [fromFile, toFile]] of edges.get(from) ?? []) {
      if (circle.includes(to)) console.error(`  ${from} -> ${to} (e.g. ${fromFile} imports ${toFile})`);
    }
  }
}
process.exit(1);
