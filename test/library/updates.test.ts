import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CATEGORIES } from "../../src/core/categories.js";
import type { UpdatePick } from "../../src/core/updates.js";
import { emptyRow, type HistoryRow } from "../../src/history/columns.js";
import { folderOf, newFileName, targetOf, updateRow } from "../../src/library/updates.js";

const paths = Object.fromEntries(CATEGORIES.map((c) => [c, `/m/${c}`])) as Parameters<typeof folderOf>[1];

function outdated(row: Partial<HistoryRow>, fileName: string | undefined): UpdatePick<HistoryRow> {
	const v2 = { id: 71, name: "v2", baseModel: "SD 1.5", publishedAt: undefined, gatedUntil: undefined, fileName, sizeBytes: 10 };
	return {
		modelId: 7,
		name: "Cute",
		origin: "https://civitai.com",
		have: { id: 70, name: "v1", baseModel: "SD 1.5" },
		newest: v2,
		newestSameBase: v2,
		version: v2,
		baseModelChanged: false,
		row: { ...emptyRow(), model_type: "LORA", ...row },
	};
}

describe("where update puts a newer version", () => {
	it("the old version's folder, under the server's name made safe", () => {
		const o = outdated({ path: "/lib/styles/cute_v1.safetensors" }, "cute_v2.safetensors");
		assert.deepEqual(updateRow(o), {
			...emptyRow(),
			model_type: "LORA",
			filename: "cute_v2.safetensors",
			model_id: "7",
			version_id: "71",
			path: "/lib/styles/cute_v2.safetensors",
		});
		assert.equal(targetOf(o, paths), "/lib/styles/cute_v2.safetensors");
		assert.equal(folderOf(o, paths), "/lib/styles");
	});

	it("a server name that would lead out of the folder stays in it", () => {
		for (const evil of ["../../victim/authorized_keys", "../../../newdir/sub/evil.safetensors", "/etc/cron.d/x", "a\\..\\..\\b"]) {
			const o = outdated({ path: "/lib/styles/cute_v1.safetensors" }, evil);
			const row = updateRow(o);
			assert.ok(row.path.startsWith("/lib/styles/") && !row.path.slice("/lib/styles/".length).includes("/"), `${evil} → ${row.path}`);
			assert.equal(targetOf(o, paths), row.path);
		}
	});

	it("a seed row (no path) goes to its category's folder; no name known: the folder alone; no category: unknown", () => {
		assert.equal(targetOf(outdated({}, "x.safetensors"), paths), "/m/lora/x.safetensors");
		assert.equal(updateRow(outdated({}, "x.safetensors")).path, "", "the engine places it by category");
		assert.equal(targetOf(outdated({ path: "/lib/a.pt" }, undefined), paths), "/lib");
		assert.equal(newFileName(outdated({}, "")), "71.bin", "an empty name becomes the version id's");
		assert.equal(folderOf(outdated({ model_type: "" }, "x"), paths), "?");
	});
});
