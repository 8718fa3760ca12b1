/**
 * AN EXPERIMENT, NOT PRODUCT CODE (issue 18, the one-stream target). It shows how close a Node process can
 * get to `curl -o` when the storage body is read without undici: the kernel reads the socket straight into
 * a ring of shared 1 MiB slots (`net.Socket`'s `onread`, no new buffer per read), each full slot is written
 * with one `pwrite` at a time, in order, and hashed (SHA-256) on a worker that reads the same memory, as
 * civitai-dl's write path does (src/download/hashing-writer.ts, slot-hasher.ts).
 *
 * It pays the same first hop as civitai-dl and curl: an undici GET of the API download URL (redirects not
 * followed), whose 307 Location names the storage. The storage request is a 30-line HTTP/1.1 reader:
 * plain HTTP only (no TLS, no proxy), a 200 with a Content-Length body only (no chunked bodies, no
 * resume). It writes `<out>.part`, checks the digest against the expected one and renames the file into
 * place; a short body, another status or a wrong digest exits non-zero, so a row built on it cannot lie.
 *
 *   node bench/experiments/one-stream-onread.mjs <api download url> <out file> <expected sha256>
 */
import { open, rename } from "node:fs/promises";
import net from "node:net";
import v8 from "node:v8";
import { Worker } from "node:worker_threads";

// as civitai-dl does (src/platform/memory.ts): undici's WebAssembly parser stays on V8's baseline compiler
v8.setFlagsFromString("--liftoff-only");
const { request } = await import("undici");

const [apiUrl, out, expected] = process.argv.slice(2);
if (!apiUrl || !out || !/^[0-9a-f]{64}$/i.test(expected ?? "")) {
	process.stderr.write("usage: one-stream-onread.mjs <api download url> <out file> <expected sha256>\n");
	process.exit(2);
}
const fail = (why) => {
	process.stderr.write(`one-stream-onread: ${why}\n`);
	process.exit(1);
};

// the first hop, as civitai-dl makes it: undici, no redirect followed, the body drained
const api = await request(apiUrl, { method: "GET", headers: { "user-agent": "bench-experiment", accept: "*/*" } });
const location = api.headers.location;
await api.body.dump();
if (api.statusCode < 300 || api.statusCode >= 400 || typeof location !== "string")
	fail(`the API answered ${api.statusCode} without a redirect`);
const storage = new URL(location, apiUrl);
if (storage.protocol !== "http:") fail(`only plain HTTP storage is read here, not ${storage.protocol}`);

const SLOT = 1 << 20;
const N = 4;
const shared = Array.from({ length: N }, () => new SharedArrayBuffer(SLOT));
const slots = shared.map((s) => Buffer.from(s));
const worker = new Worker(
	`const { parentPort, workerData } = require("node:worker_threads");
	const h = require("node:crypto").createHash("sha256");
	const views = workerData.map((s) => new Uint8Array(s));
	parentPort.on("message", (m) => {
		if (m === "digest") return parentPort.postMessage(h.digest("hex"));
		h.update(views[m[0]].subarray(0, m[1]));
		parentPort.postMessage(m[0]);
	});`,
	{ eval: true, workerData: shared },
);
const hashed = new Array(N).fill(null); // resolve functions of the slots being hashed
let onDigest = () => {};
worker.on("message", (m) => {
	if (typeof m === "number") hashed[m]();
	else onDigest(m);
});
worker.on("error", (e) => fail(`hash worker: ${e.message}`));

const part = `${out}.part`;
const fh = await open(part, "w");
const free = new Array(N).fill(true);
const settled = new Array(N).fill(Promise.resolve());
let active = 0;
let filled = 0;
let position = 0;
let lastWrite = Promise.resolve();
let sock;
let waitingForSlot = false;

async function writeAll(buf, at) {
	for (let done = 0; done < buf.length; ) done += (await fh.write(buf, done, buf.length - done, at + done)).bytesWritten;
}

/** The active slot holds `length` bytes: write it (after the previous write) and hash it; move on. */
function handOver(length) {
	const i = active;
	const at = position;
	position += length;
	free[i] = false;
	const hash = new Promise((r) => (hashed[i] = r));
	worker.postMessage([i, length]);
	const written = (lastWrite = lastWrite.then(() => writeAll(slots[i].subarray(0, length), at)));
	settled[i] = Promise.all([hash, written]).then(
		() => {
			free[i] = true;
			if (waitingForSlot && i === active) {
				waitingForSlot = false;
				sock.resume();
			}
		},
		(e) => fail(`write: ${e.message}`),
	);
	active = (active + 1) % N;
	filled = 0;
	// the kernel may read into the next slot only once its write and hash are done
	if (!free[active]) waitingForSlot = true;
	return !waitingForSlot;
}

const header = Buffer.alloc(64 * 1024);
let headerText = "";
let bodyLeft = -1;
let length = -1;
const body = new Promise((resolve, reject) => {
	sock = net.connect({
		host: storage.hostname,
		port: Number(storage.port || 80),
		onread: {
			buffer: () => (bodyLeft < 0 ? header : slots[active].subarray(filled)),
			callback(n, buf) {
				if (bodyLeft < 0) {
					headerText += buf.toString("latin1", 0, n);
					const end = headerText.indexOf("\r\n\r\n");
					if (end < 0) return headerText.length < header.length;
					const head = headerText.slice(0, end);
					const status = /^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1];
					const cl = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
					if (status !== "200" || cl === undefined || /\r\ntransfer-encoding:/i.test(head)) {
						reject(new Error(`storage answered ${status ?? "?"}; a 200 with a Content-Length body is all this reads`));
						return false;
					}
					const extra = Buffer.from(headerText.slice(end + 4), "latin1");
					length = bodyLeft = Number(cl);
					extra.copy(slots[active], 0);
					filled = extra.length;
					bodyLeft -= extra.length;
				} else {
					filled += n;
					bodyLeft -= n;
				}
				if (bodyLeft < 0) {
					reject(new Error("the storage sent more than its Content-Length"));
					return false;
				}
				if (bodyLeft === 0) {
					if (filled) handOver(filled);
					resolve();
					sock.destroy();
					return false;
				}
				if (filled === SLOT) return handOver(filled);
				return true;
			},
		},
	});
	sock.on("connect", () =>
		sock.write(
			`GET ${storage.pathname}${storage.search} HTTP/1.1\r\nHost: ${storage.host}\r\nUser-Agent: bench-experiment\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n`,
		),
	);
	sock.on("error", reject);
	sock.on("close", () => reject(new Error(`the connection closed with ${bodyLeft < 0 ? "no header" : `${bodyLeft} bytes missing`}`)));
});
await body.catch((e) => fail(e.message));
await lastWrite.catch((e) => fail(`write: ${e.message}`));
await Promise.all(settled);
const digest = await new Promise((r) => {
	onDigest = r;
	worker.postMessage("digest");
});
await worker.terminate();
await fh.close();
if (position !== length) fail(`wrote ${position} bytes of ${length}`);
if (digest !== expected.toLowerCase()) fail(`SHA-256 ${digest}, expected ${expected.toLowerCase()}`);
await rename(part, out);
