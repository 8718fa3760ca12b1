/**
 * AN EXPERIMENT, NOT PRODUCT CODE (issue 18, the many-small-files target). The floor for a Node tool that
 * makes the same requests civitai-dl makes for each file, with nothing else: per file the version's
 * metadata (`GET /api/v1/model-versions/<id>`), the `/api/download` request (its 307 not followed, the
 * Location read), the storage GET; the body hashed (SHA-256, on the main thread) and checked against the
 * metadata's hash, written to `<name>.part` with one write and renamed into place. Files run `concurrency`
 * at a time over undici with keep-alive (civitai-dl's client). With `--sync`, as civitai-dl does, each
 * finished `.part` is `fdatasync`'d before its rename, and a history line is appended and `fdatasync`'d,
 * rows that finish while a sync is under way going together in the next one (civitai-dl's history writer).
 * With `--batched`, the ids given are model ids and the metadata comes first from `/api/v1/models?ids=`
 * (100 models a request, as `redownload --from` asks): two requests per file instead of three. With
 * `--no-hash`, nothing is hashed: with `--batched` and no `--sync`, aria2c's own work per file (two
 * requests, the body written, no check), in Node.
 * What it leaves out is civitai-dl's own work: start-up beyond `node`, config, the lock, planning, zod,
 * placement, events, mkdir and partial-file checks. A mismatch or a short body exits non-zero.
 *
 *   node bench/experiments/small-files-floor.mjs <api base url> <out dir> <concurrency> [--sync] [--batched] <id>...
 */
import { createHash } from "node:crypto";
import { mkdir, open, rename } from "node:fs/promises";
import { join } from "node:path";
import { Agent, request } from "undici";

const args = process.argv.slice(2);
const sync = args.includes("--sync");
const batched = args.includes("--batched");
const hashing = !args.includes("--no-hash");
const [base, outDir, lanesText, ...versions] = args.filter((a) => !a.startsWith("--"));
const lanes = Number(lanesText);
if (!base || !outDir || !(lanes > 0) || versions.length === 0) {
	process.stderr.write("usage: small-files-floor.mjs <api base url> <out dir> <concurrency> [--sync] <version id>...\n");
	process.exit(2);
}
const dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: lanes * 2 });
const headers = { "user-agent": "bench-experiment", accept: "*/*", "accept-encoding": "identity" };
const get = (url) => request(url, { method: "GET", headers, dispatcher });

await mkdir(outDir, { recursive: true });
const history = sync ? await open(join(outDir, "history.csv"), "a") : undefined;
let queued = [];
let flushing = false;
/** Append the rows waiting and fdatasync them; rows that come in meanwhile go in the next round. */
async function flush() {
	while (queued.length > 0) {
		const batch = queued;
		queued = [];
		try {
			await history.write(batch.map((b) => b.line).join(""));
			await history.datasync();
			for (const b of batch) b.resolve();
		} catch (e) {
			for (const b of batch) b.reject(e);
		}
	}
	flushing = false;
}
function record(line) {
	return new Promise((resolve, reject) => {
		queued.push({ line, resolve, reject });
		if (!flushing) {
			flushing = true;
			flush();
		}
	});
}

/** With --batched: each model's newest version, from `/api/v1/models?ids=` 100 models at a time. */
async function versionsOfModels(modelIds) {
	const found = new Map();
	for (let i = 0; i < modelIds.length; i += 100) {
		const res = await get(`${base}/api/v1/models?ids=${modelIds.slice(i, i + 100).join(",")}&limit=100`);
		if (res.statusCode !== 200) throw new Error(`models?ids=: ${res.statusCode}`);
		for (const m of (await res.body.json()).items) found.set(String(m.id), m.modelVersions[0]);
	}
	return found;
}
const known = batched ? await versionsOfModels(versions) : undefined;

async function one(version) {
	let v = known?.get(version);
	if (batched && !v) throw new Error(`model ${version}: not in the /api/v1/models?ids= answers`);
	if (!v) {
		const meta = await get(`${base}/api/v1/model-versions/${version}`);
		if (meta.statusCode !== 200) throw new Error(`metadata of ${version}: ${meta.statusCode}`);
		v = await meta.body.json();
	}
	const file = v.files.find((f) => f.primary) ?? v.files[0];
	const api = await get(file.downloadUrl);
	await api.body.dump();
	const location = api.headers.location;
	if (api.statusCode < 300 || api.statusCode >= 400 || typeof location !== "string")
		throw new Error(`download of ${version}: ${api.statusCode}`);
	const res = await get(new URL(location, file.downloadUrl).href);
	if (res.statusCode !== 200) throw new Error(`storage for ${version}: ${res.statusCode}`);
	const hash = createHash("sha256");
	const chunks = [];
	let bytes = 0;
	for await (const c of res.body) {
		if (hashing) hash.update(c);
		chunks.push(c);
		bytes += c.length;
	}
	const expectedBytes = Number(res.headers["content-length"]);
	if (bytes !== expectedBytes) throw new Error(`${file.name}: ${bytes} bytes of ${expectedBytes}`);
	const sha256 = hashing ? hash.digest("hex").toUpperCase() : "";
	if (hashing && sha256 !== file.hashes.SHA256.toUpperCase())
		throw new Error(`${file.name}: SHA-256 ${sha256}, expected ${file.hashes.SHA256}`);
	const path = join(outDir, file.name);
	const fh = await open(`${path}.part`, "w");
	try {
		const { bytesWritten } = await fh.writev(chunks, 0);
		if (bytesWritten !== bytes) throw new Error(`${file.name}: short write`);
		if (sync) await fh.datasync();
	} finally {
		await fh.close();
	}
	await rename(`${path}.part`, path);
	if (history) await record(`${version},${file.id},${bytes},${sha256},${path}\n`);
}

let next = 0;
async function lane() {
	while (next < versions.length) await one(versions[next++]);
}
try {
	await Promise.all(Array.from({ length: lanes }, lane));
} catch (e) {
	process.stderr.write(`small-files-floor: ${e.message}\n`);
	process.exit(1);
}
await history?.close();
await dispatcher.close();
