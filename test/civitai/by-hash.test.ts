import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Agent } from "undici";
import { sha256Of } from "../../fake-civitai/bytes.js";
import { CivitaiClient } from "../../src/civitai/client.js";
import { DownloadError } from "../../src/errors.js";
import { systemClock } from "../../src/platform/clock.js";
import { fakeCivitai, KEY } from "../helpers.js";

const KiB = 1024;

describe("by-hash lookups against the local Civitai", () => {
	it("POST: the versions holding the hashes, unknown ones left out, the key as a Bearer header", async () => {
		const server = await fakeCivitai();
		const dispatcher = new Agent();
		try {
			const client = new CivitaiClient(server.baseUrl, KEY, { dispatcher, userAgent: "t", clock: systemClock });
			const known = sha256Of("file-20000", 200 * KiB);
			const versions = await client.getByHashes([known.toLowerCase(), "F".repeat(64)]);
			assert.deepEqual(
				versions.map((v) => [v.id, v.model?.type, v.files?.[0]?.hashes?.SHA256]),
				[[2000, "LORA", known]],
			);
			const post = server.requests.find((q) => q.method === "POST")!;
			assert.equal(post.path, "/api/v1/model-versions/by-hash");
			assert.equal(post.authorization, true);
			assert.deepEqual(server.byHashBatches, [2]);
		} finally {
			await dispatcher.close();
		}
	});

	it("POST: more than 100 hashes, or something that is not a SHA-256, is a 400", async () => {
		const server = await fakeCivitai();
		const dispatcher = new Agent();
		try {
			const client = new CivitaiClient(server.baseUrl, KEY, { dispatcher, userAgent: "t", clock: systemClock });
			const many = Array.from({ length: 101 }, (_, i) => i.toString(16).padStart(64, "0"));
			for (const body of [many, ["abc"]]) {
				await assert.rejects(client.getByHashes(body), (e: unknown) => e instanceof DownloadError && e.status === 400);
			}
			assert.equal((await client.getByHashes(many.slice(0, 100))).length, 0);
			assert.deepEqual(server.byHashBatches, [101, 1, 100]);
		} finally {
			await dispatcher.close();
		}
	});

	it("GET: one hash, 404 when unknown", async () => {
		const server = await fakeCivitai();
		const dispatcher = new Agent();
		try {
			const client = new CivitaiClient(server.baseUrl, KEY, { dispatcher, userAgent: "t", clock: systemClock });
			assert.equal((await client.getByHash(sha256Of("file-30000", 20 * KiB))).id, 3000);
			await assert.rejects(client.getByHash("F".repeat(64)), (e: unknown) => e instanceof DownloadError && e.kind === "not_found");
		} finally {
			await dispatcher.close();
		}
	});
});
