import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Agent } from "undici";
import { CivitaiClient } from "../../src/civitai/client.js";
import { resolveTarget } from "../../src/civitai/resolve.js";
import { systemClock } from "../../src/platform/clock.js";
import { ROOT } from "../helpers.js";

const DIR = join(ROOT, "test/fixtures/civitai-real");
const read = async (name: string) => JSON.parse(await readFile(join(DIR, name), "utf8")) as Record<string, unknown>;

/** A server that answers the API paths with the given bodies (JSON), 404 otherwise. */
async function serve(bodies: Record<string, unknown>): Promise<{ origin: string; close: () => Promise<void> }> {
	const server = http.createServer((req, res) => {
		const body = bodies[req.url ?? ""];
		const text = JSON.stringify(body ?? { error: "Not found" });
		res.writeHead(body ? 200 : 404, { "content-type": "application/json; charset=utf-8" });
		res.end(text);
	});
	server.listen(0, "127.0.0.1");
	await new Promise((r) => server.once("listening", r));
	return {
		origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: () => new Promise((r) => server.close(() => r(undefined))),
	};
}

describe("real Civitai answers (test/fixtures/civitai-real) parse and resolve", () => {
	const agent = new Agent();
	let model: Record<string, unknown>;
	let v1387174: Record<string, unknown>;
	let v1255556: Record<string, unknown>;
	before(async () => {
		model = await read("model-1231067.json");
		v1387174 = await read("model-version-1387174.json");
		v1255556 = await read("model-version-1255556.json");
	});
	after(() => agent.close());

	async function resolveWith(bodies: Record<string, unknown>, target: Parameters<typeof resolveTarget>[0]) {
		const s = await serve(bodies);
		try {
			const client = new CivitaiClient(s.origin, "", { dispatcher: agent, userAgent: "test", clock: systemClock });
			return await resolveTarget(target, client, { baseUrl: "https://civitai.com" });
		} finally {
			await s.close();
		}
	}

	it("a model URL: /models/1231067 then /model-versions/1387174 (float sizeKB, null metadata fields)", async () => {
		const r = await resolveWith(
			{ "/api/v1/models/1231067": model, "/api/v1/model-versions/1387174": v1387174 },
			{ kind: "model", modelId: 1231067 },
		);
		assert.equal(r.versionId, 1387174);
		assert.equal(r.fileId, 1289799);
		assert.equal(r.fileName, "pp-storybook_rank2_bf16.safetensors");
		assert.equal(r.sizeBytes, Math.round(18829.1484375 * 1024));
		assert.equal(r.sha256, "9753338AB693CA82BF89ED77A5D1912879E40051463EC6E330FB9866CE798668");
		assert.equal(r.category, "lora");
		assert.equal(r.access, undefined, "earlyAccessEndsAt: null is not early access");
		assert.equal(r.downloadUrl, "https://civitai.com/api/download/models/1387174?fileId=1289799");
	});

	it("a version: /model-versions/1255556", async () => {
		const r = await resolveWith({ "/api/v1/model-versions/1255556": v1255556 }, { kind: "version", versionId: 1255556 });
		assert.equal(r.modelId, 1117241);
		assert.equal(r.modelName, "Enchanted Whimsy style (Flux)");
		assert.equal(r.fileName, "pp-enchanted-whimsy.safetensors");
		assert.equal(r.sizeBytes, Math.round(38828.8125 * 1024));
	});

	// Cases no public capture was found for, derived in memory from the real answer (not real answers themselves).
	it("derived: a file without hashes, no metadata, a video image, unknown fields", async () => {
		const v = structuredClone(v1255556) as { files: Record<string, unknown>[]; images: Record<string, unknown>[] } & Record<
			string,
			unknown
		>;
		delete v.files[0]!.hashes;
		delete v.files[0]!.metadata;
		v.images[0]!.type = "video";
		v.somethingNew = { nested: [1, 2, 3] };
		const r = await resolveWith({ "/api/v1/model-versions/1255556": v }, { kind: "version", versionId: 1255556 });
		assert.equal(r.sha256, undefined);
		assert.equal(r.fileId, 1160774);
	});

	it("derived: both early-access shapes on the real answer", async () => {
		const older = { ...v1255556, availability: "EarlyAccess", earlyAccessEndsAt: "2027-01-03T00:00:00.000Z" };
		const r1 = await resolveWith({ "/api/v1/model-versions/1255556": older }, { kind: "version", versionId: 1255556 });
		assert.deepEqual(r1.access, { permanent: false, until: "2027-01-03T00:00:00.000Z" });
		const newer = { ...v1255556, paidAccess: { permanent: false, endsAt: "2027-01-03T00:00:00.000Z" } };
		const r2 = await resolveWith({ "/api/v1/model-versions/1255556": newer }, { kind: "version", versionId: 1255556 });
		assert.deepEqual(r2.access, { permanent: false, until: "2027-01-03T00:00:00.000Z" });
	});

	it("derived: model.mode Archived with no files is `archived`, not a parse error", async () => {
		const v = { ...v1255556, files: [], model: { ...(v1255556.model as object), mode: "Archived" } };
		await assert.rejects(
			resolveWith({ "/api/v1/model-versions/1255556": v }, { kind: "version", versionId: 1255556 }),
			(e: unknown) => (e as { kind?: string }).kind === "archived",
		);
	});
});
