import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import http from "node:http";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { FakeCatalogue } from "../../fake-civitai/catalogue.js";
import { tinyPng } from "../../fake-civitai/images.js";
import { download } from "../../src/engine.js";
import { DEFAULT_SIDECARS } from "../../src/sidecars/settings.js";
import { inProcess } from "../engine-harness.js";
import { fakeCivitai, KEY, listenLocal, smallCatalogue } from "../helpers.js";

/** A local service that answers every request with an image and logs it: a preview must never come from here. */
async function adminService() {
	const seen: string[] = [];
	const origin = await listenLocal(
		http.createServer((req, res) => {
			seen.push(req.url ?? "");
			res.writeHead(200, { "content-type": "image/png" });
			res.end(tinyPng());
		}),
	);
	return { origin, seen };
}

/** A LoRA whose one safe image is listed at `url` (or redirects to `redirectTo`). */
function catalogue(image: { url?: string; redirectTo?: string }): FakeCatalogue {
	const c = smallCatalogue();
	c.models.push({
		id: 960,
		name: "Hostile picture",
		type: "LORA",
		versions: [
			{
				id: 9600,
				name: "v1",
				files: [{ id: 96000, name: "hostile.safetensors", sizeBytes: 8 * 1024, primary: true }],
				images: [{ format: "png", nsfwLevel: 1, ...image }],
			},
		],
	});
	return c;
}

async function run(image: { url?: string; redirectTo?: string }) {
	const server = await fakeCivitai({ catalogue: catalogue(image) });
	const { dir, events, engine } = await inProcess(server.baseUrl, { settings: { apiKey: KEY, sidecars: DEFAULT_SIDECARS } });
	const summary = await download(["version:9600"], engine);
	assert.equal(summary.succeeded, 1, "the model itself is fine");
	const warnings = events.flatMap((e) => (e.type === "warning" ? [e.message] : []));
	return { server, files: await readdir(join(dir, "lora")), warnings };
}

describe("previews come only from Civitai's image host and the configured origins (issue 25, finding 10)", () => {
	it("an image listed on another local service: not fetched, a warning, no preview", async () => {
		const admin = await adminService();
		const { files, warnings } = await run({ url: `${admin.origin}/admin/reboot?confirm=1` });
		assert.deepEqual(admin.seen, [], "the service was never asked");
		assert.ok(!files.some((f) => f.includes(".preview.")), files.join(", "));
		assert.deepEqual(warnings.length, 1, warnings.join("\n"));
		assert.match(warnings[0]!, /No preview for hostile\.safetensors: its image is on 127\.0\.0\.1:\d+, and images are fetched only/);
		assert.ok(files.includes("hostile.civitai.info"), "the other sidecars are written");
	});

	it("an image on the configured origin that redirects to another host: the redirect is not followed", async () => {
		const admin = await adminService();
		const { server, files, warnings } = await run({ redirectTo: `${admin.origin}/admin/reboot?confirm=1` });
		assert.deepEqual(admin.seen, []);
		assert.deepEqual(
			server.requests.filter((q) => q.path.startsWith("/images/")).map((q) => [q.origin, q.path]),
			[["api", "/images/9600/0.jpeg"]],
		);
		assert.ok(!files.some((f) => f.includes(".preview.")));
		assert.match(warnings.join("\n"), /No preview for hostile\.safetensors: its image is on 127\.0\.0\.1:\d+/);
	});

	it("the local server's own images (on its API origin, a configured one) are fetched as before", async () => {
		const { server, files, warnings } = await run({});
		assert.ok(files.includes("hostile.preview.png"), files.join(", "));
		assert.deepEqual(warnings, []);
		assert.ok(server.requests.some((q) => q.origin === "api" && q.path === "/images/9600/0.jpeg"));
	});

	it("images on the storage origin (not configured) are skipped with a warning", async () => {
		const { files, warnings } = await run({ redirectTo: "{storage}/images/9600/0.jpeg" });
		assert.ok(!files.some((f) => f.includes(".preview.")));
		assert.equal(warnings.length, 1);
	});
});
