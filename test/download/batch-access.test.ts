import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FakeCatalogue } from "../../fake-civitai/catalogue.js";
import { type RowIn, redownload } from "../../src/engine.js";
import { inProcess } from "../engine-harness.js";
import { fakeCivitai, KEY } from "../helpers.js";

const MODEL = 70_000;

/** One model with a paid version, a version in paid early access until 2099, and a public one. */
const catalogue: FakeCatalogue = {
	models: [
		{
			id: MODEL,
			name: "Gated",
			type: "LORA",
			versions: [
				{ id: 701, name: "paid", paidAccess: { permanent: true, endsAt: null } },
				{ id: 702, name: "early", paidAccess: { permanent: false, endsAt: "2099-01-03T00:00:00.000Z" } },
				{ id: 703, name: "public" },
			].map((v) => ({ ...v, files: [{ id: v.id * 10, name: `gated-${v.id}.safetensors`, sizeBytes: 1024, primary: true }] })),
		},
	],
};

function rowOf(baseUrl: string, versionId: number): RowIn {
	return {
		timestamp: "2026-01-01 10:00:00",
		model_type: "lora",
		url: `${baseUrl}/api/download/models/${versionId}`,
		filename: `gated-${versionId}.safetensors`,
		model_id: String(MODEL),
		version_id: String(versionId),
		file_id: String(versionId * 10),
		size_bytes: "",
		sha256: "",
		path: "",
	};
}

describe("batched lookups keep a version's access label", () => {
	it("--dry-run of rows resolved from one model list: paid and early access are labelled as the version's own answer would", async () => {
		const server = await fakeCivitai({ catalogue });
		const { sent, events, engine } = await inProcess(server.baseUrl, {
			settings: {
				apiKey: KEY,
				sleepMs: 0,
				sidecars: { info: false, preview: false, webuiJson: false, cmInfo: false, previewMaxNsfwLevel: 1 },
			},
			engine: { dryRun: true },
		});
		const summary = await redownload(
			[701, 702, 703].map((v) => rowOf(server.baseUrl, v)),
			engine,
		);
		assert.equal(summary.failed, 0, JSON.stringify(summary.failures));
		assert.equal(sent.filter((r) => r.path.startsWith("/api/v1/models?")).length, 1, "one model list");
		assert.equal(sent.filter((r) => r.path.startsWith("/api/v1/model-versions/")).length, 0, "no version asked one by one");
		const plans = events.flatMap((e) => (e.type === "plan" ? [e] : []));
		const accessOf = (versionId: number) => plans.find((p) => p.name === `gated-${versionId}.safetensors`)?.access;
		assert.equal(plans.length, 3);
		assert.deepEqual(accessOf(701), { permanent: true, until: null });
		assert.deepEqual(accessOf(702), { permanent: false, until: "2099-01-03T00:00:00.000Z" });
		assert.equal(accessOf(703), undefined);
	});
});
