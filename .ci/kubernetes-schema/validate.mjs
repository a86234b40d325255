// Validates rendered Kubernetes objects (a multi-document YAML stream on stdin, as `kubectl kustomize` prints it) against
// the Kubernetes API schemas: kubernetes-models checks types, formats and required fields; the field lists of the
// official client's models catch unknown or misspelt fields, which the API server would drop or refuse.
// Usage: kubectl kustomize deploy/kubernetes/overlays/example | node validate.mjs
//        node validate.mjs --self-test   (proves that broken objects are refused)
import { readFileSync, existsSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const clientModels = new URL("./node_modules/@kubernetes/client-node/dist/gen/models/", import.meta.url);

async function schemaClass(apiVersion, kind) {
  const group = apiVersion.includes("/") ? apiVersion : `v1`;
  const module = await import(`kubernetes-models/${group}/${kind}`).catch(() => null);
  return module?.[kind] ?? null;
}

function clientTypeName(apiVersion, kind) {
  const version = apiVersion.split("/").pop();
  return version[0].toUpperCase() + version.slice(1) + kind;
}

async function attributeMap(typeName) {
  const file = new URL(`${typeName}.js`, clientModels);
  if (!existsSync(file)) return null;
  const module = await import(file);
  return module[typeName]?.getAttributeTypeMap?.() ?? null;
}

async function unknownFields(value, typeName, path, problems) {
  if (value === null || typeof value !== "object") return;
  const array = /^Array<(.+)>$/.exec(typeName);
  if (array) {
    if (Array.isArray(value)) for (const [i, item] of value.entries()) await unknownFields(item, array[1], `${path}[${i}]`, problems);
    return;
  }
  const attributes = await attributeMap(typeName);
  if (!attributes) return;
  for (const [key, child] of Object.entries(value)) {
    const attribute = attributes.find(a => a.baseName === key);
    if (!attribute) problems.push(`${path}.${key}: unknown field of ${typeName}`);
    else await unknownFields(child, attribute.type, `${path}.${key}`, problems);
  }
}

async function validate(object) {
  const problems = [];
  const { apiVersion, kind } = object ?? {};
  if (!apiVersion || !kind) return ["object without apiVersion or kind"];
  const Model = await schemaClass(apiVersion, kind);
  if (!Model) return [`${apiVersion} ${kind}: no schema for this kind`];
  try {
    new Model(object).validate();
  } catch (e) {
    for (const error of e.errors ?? [e]) problems.push(`${error.instancePath || ""} ${error.message ?? String(error)}`.trim());
  }
  await unknownFields(object, clientTypeName(apiVersion, kind), "", problems);
  return problems;
}

async function validateStream(text) {
  let failures = 0, count = 0;
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length) {
      console.error(`yaml: ${document.errors.map(e => e.message).join("; ")}`);
      failures++;
      continue;
    }
    const object = document.toJS();
    if (object === null) continue;
    count++;
    const name = `${object.kind ?? "?"}/${object.metadata?.name ?? "?"}`;
    const problems = await validate(object);
    for (const problem of problems) console.error(`${name}: ${problem}`);
    if (problems.length) failures++;
    else console.log(`ok ${object.apiVersion} ${name}`);
  }
  return { count, failures };
}

async function selfTest() {
  const good = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" },
    spec: { selector: { matchLabels: { a: "b" } }, template: { metadata: { labels: { a: "b" } },
      spec: { containers: [{ name: "c", image: "i" }] } } } };
  const cases = [
    ["a valid Deployment", good, 0],
    ["a misspelt field", structuredClone(good), 1, o => { o.spec.template.spec.containers[0].imagePullPolicyy = "Always"; }],
    ["a wrong type", structuredClone(good), 1, o => { o.spec.replicas = "three"; }],
    ["a missing required field", structuredClone(good), 1, o => { delete o.spec.template.spec.containers[0].name; }],
  ];
  let wrong = 0;
  for (const [label, object, expected, mutate] of cases) {
    mutate?.(object);
    const problems = await validate(object);
    const refused = problems.length > 0 ? 1 : 0;
    console.log(`${refused === expected ? "ok" : "WRONG"} self-test: ${label} ${refused ? "refused" : "accepted"}`);
    if (refused !== expected) wrong++;
  }
  return wrong;
}

if (process.argv.includes("--self-test")) {
  process.exit((await selfTest()) === 0 ? 0 : 1);
}
const { count, failures } = await validateStream(readFileSync(0, "utf8"));
console.log(`${count} objects, ${failures} invalid`);
process.exit(failures === 0 && count > 0 ? 0 : 1);
