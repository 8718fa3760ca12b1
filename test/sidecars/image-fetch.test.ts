import assert from "node:assert/strict";
import http from "node:http";
import { after, describe, it } from "node:test";
import { Agent } from "undici";
import { tinyPng } from "../../fake-civitai/images.js";
import { english } from "../../src/i18n/msg.js";
import { fetchImage } from "../../src/sidecars/image-fetch.js";
import { listenLocal } from "../helpers.js";
import { VirtualClock } from "../virtual-clock.js";

/** An image host: a PNG, a redirect to it, a body over the limit, and one that never ends. */
async function imageHost(elsewhere = "http://127.0.0.1:9/") {
	const seen: { path: string; authorization: boolean }[] = [];
	const server = http.createServer((req, res): void => {
		seen.push({ path: req.url ?? "", authorization: req.headers.authorization !== undefined });
		if (req.url === "/a.png") res.end(tinyPng());
		else if (req.url === "/moved") {
			res.writeHead(302, { location: "/a.png" });
			res.end();
		} else if (req.url === "/away") {
			res.writeHead(302, { location: elsewhere });
			res.end();
		} else if (req.url === "/big") res.end(Buffer.alloc(4096, 1));
		else if (req.url === "/stall")
			res.write(Buffer.alloc(10)); // never ends
		else {
			res.writeHead(404);
			res.end("<html>gone</html>");
		}
	});
	return { origin: await listenLocal(server), seen };
}

describe("the preview's fetch: bounded, and never with a key", async () => {
	const host = await imageHost();
	const agent = new Agent();
	after(() => agent.close());
	const deps = (extra = {}) => ({
		http: { dispatcher: agent, userAgent: "civitai-dl/test", clock: new VirtualClock() },
		imageOrigins: [host.origin],
		...extra,
	});

	it("follows a redirect to the bytes, sending no Authorization anywhere", async () => {
		const bytes = await fetchImage(`${host.origin}/moved`, "m.safetensors", deps());
		assert.ok(Buffer.isBuffer(bytes));
		assert.deepEqual(bytes, tinyPng());
		assert.ok(host.seen.every((s) => !s.authorization));
	});

	it("an HTTP error, a body over the limit and a stalled body are reasons, not exceptions", async () => {
		const missing = await fetchImage(`${host.origin}/nope`, "m.safetensors", deps());
		assert.ok(!Buffer.isBuffer(missing));
		assert.match(english(missing), /answered HTTP 404/);
		const big = await fetchImage(`${host.origin}/big`, "m.safetensors", deps({ maxBytes: 1024 }));
		assert.ok(!Buffer.isBuffer(big));
		assert.equal(big.key, "sidecarPreviewTooBig");
		const clock = new VirtualClock();
		const stalled = fetchImage(`${host.origin}/stall`, "m.safetensors", { ...deps(), http: { ...deps().http, clock }, deadlineMs: 5000 });
		while (!host.seen.some((s) => s.path === "/stall")) await new Promise((r) => setImmediate(r));
		clock.advance(5000);
		const r = await stalled;
		assert.ok(!Buffer.isBuffer(r));
		assert.match(english(r), /could not reach .*\(the server did not answer in time\)/);
	});
});

describe("the preview's hosts (issue 25, finding 10)", async () => {
	// a local service that must never be asked: it answers anything with an image
	const admin = await imageHost();
	const host = await imageHost(`${admin.origin}/admin/reboot?confirm=1`);
	const agent = new Agent();
	after(() => agent.close());
	const deps = { http: { dispatcher: agent, userAgent: "civitai-dl/test", clock: new VirtualClock() }, imageOrigins: [host.origin] };

	it("a URL on a host that is neither Civitai's image host nor a configured origin is not asked", async () => {
		const r = await fetchImage(`${admin.origin}/a.png`, "m.safetensors", deps);
		assert.ok(!Buffer.isBuffer(r));
		assert.equal(r.key, "sidecarPreviewHostRefused");
		assert.match(english(r), /its image is on 127\.0\.0\.1:\d+, and images are fetched only from Civitai's image host over https/);
		assert.deepEqual(admin.seen, []);
	});

	it("a redirect from an allowed host to another host is not followed", async () => {
		const r = await fetchImage(`${host.origin}/away`, "m.safetensors", deps);
		assert.ok(!Buffer.isBuffer(r));
		assert.equal(r.key, "sidecarPreviewHostRefused");
		assert.deepEqual(
			host.seen.map((x) => x.path),
			["/away"],
		);
		assert.deepEqual(admin.seen, [], "the admin page was never asked");
	});

	it("a redirect within the allowed origin is followed", async () => {
		const bytes = await fetchImage(`${host.origin}/moved`, "m.safetensors", deps);
		assert.deepEqual(bytes, tinyPng());
	});
});
