// Opens a .ms file with Netron's own MindSpore Lite reader (PyPI `netron`, run under node) and prints
// what Netron shows as JSON: format, and per graph its inputs, outputs and nodes (name, type, the value
// names on each input/output, attribute names). Used by MSLiteNetronTests as an oracle we did not write.
//
// usage: node scripts/mslite/netron-open.mjs NETRON_PACKAGE_DIR FILE.ms
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

const [dir, file] = process.argv.slice(2);
const load = (name) => import(pathToFileURL(path.join(dir, name)).href);
const flatbuffers = await load('flatbuffers.js');
const mslite = await load('mslite.js');

const bytes = new Uint8Array(fs.readFileSync(file));
const entries = JSON.parse(fs.readFileSync(path.join(dir, 'mslite-metadata.json'), 'utf8'));
const byName = new Map(entries.map((e) => [e.name, e]));
const metadata = {
    type: (name) => byName.get(name) || { name },
    attribute: (type, key) => ((byName.get(type) || {}).attributes || []).find((a) => a.name === key),
};
const context = {
    identifier: path.basename(file),
    value: null,
    peek: async (type) => (type === 'flatbuffers.binary' ? flatbuffers.BinaryReader.open(bytes) : null),
    set(type, value) { this.value = value; return type; },
    require: (id) => load(`${path.basename(id)}.js`),
    metadata: async () => metadata,
};
const factory = new mslite.ModelFactory();
try {
    if (!(await factory.match(context))) {
        throw new Error('netron does not recognise the file as MindSpore Lite');
    }
    const model = await factory.open(context);
    const names = (args) => args.map((a) => ({ name: a.name, values: a.value.map((v) => v.name) }));
    const out = {
        format: model.format,
        graphs: model.modules.map((g) => ({
            name: g.name,
            inputs: names(g.inputs),
            outputs: names(g.outputs),
            nodes: g.nodes.map((n) => ({
                name: n.name,
                type: n.type.name,
                inputs: n.inputs.flatMap((a) => a.value.map((v) => v.name)),
                outputs: n.outputs.flatMap((a) => a.value.map((v) => v.name)),
                attributes: Object.fromEntries(n.attributes.map((a) => [a.name, typeof a.value === 'bigint' ? Number(a.value) : a.value])),
            })),
        })),
    };
    process.stdout.write(JSON.stringify(out, (k, v) => (typeof v === 'bigint' ? Number(v) : v)));
} catch (error) {
    process.stderr.write(`${error.name}: ${error.message}\n`);
    process.exit(1);
}
