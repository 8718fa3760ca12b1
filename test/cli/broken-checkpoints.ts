// The library of issue 25, finding 4: three checkpoints whose downloads always answer 503, five healthy LoRAs.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { FakeCatalogue, FakeModel } from "../../fake-civitai/catalogue.js";
import type { Fault } from "../../fake-civitai/faults.js";
import { emptyRow, HISTORY_COLUMNS, type HistoryRow } from "../../src/history/columns.js";
import { writeCsv } from "../../src/history/csv-file.js";
import { fakeCivitai, KEY, tempDir, writeConfig } from "../helpers.js";

const KiB = 1024;
/** Three checkpoints whose downloads always answer 503, and five healthy LoRAs (issue 25, finding 4). */
export const BROKEN = [5100, 5200, 5300];
export const HEALTHY = [6100, 6200, 6300, 6400, 6500];

function model(versionId: number, type: "Checkpoint" | "LORA"): FakeModel {
	const id = versionId / 10;
	const name = `${type === "LORA" ? "lora" : "ckpt"}-${versionId}.safetensors`;
	return {
		id,
		name: `Model ${id}`,
		type,
		versions: [{ id: versionId, name: "v1", files: [{ id: versionId * 10, name, sizeBytes: 16 * KiB, primary: true }] }],
	};
}

/** The scenario's library: the local Civitai, a config with short waits, and a history of all eight (no files on disk). */
export async function brokenCheckpoints() {
	const catalogue: FakeCatalogue = { models: [...BROKEN.map((v) => model(v, "Checkpoint")), ...HEALTHY.map((v) => model(v, "LORA"))] };
	const faults: Fault[] = BROKEN.map((version) => ({ version, attempt: "every", kind: "unavailable" }));
	const server = await fakeCivitai({ catalogue, faults });
	const dir = await tempDir();
	const paths = { checkpoint: join(dir, "models/checkpoint"), lora: join(dir, "models/lora") };
	const config = await writeConfig(dir, {
		base_url: server.baseUrl,
		api_key: KEY,
		download_paths: paths,
		sidecars: { info: false, preview: false, webui_json: false },
	});
	const rows: HistoryRow[] = [...BROKEN, ...HEALTHY].map((v) => ({
		...emptyRow(),
		timestamp: "2026-01-01 00:00:00",
		model_type: BROKEN.includes(v) ? "checkpoint" : "lora",
		url: `${server.baseUrl}/api/download/models/${v}`,
		filename: `${BROKEN.includes(v) ? "ckpt" : "lora"}-${v}.safetensors`,
		model_id: String(v / 10),
		version_id: String(v),
		file_id: String(v * 10),
		size_bytes: String(16 * KiB),
	}));
	await writeCsv(join(dir, "download_history.csv"), HISTORY_COLUMNS, rows);
	const downloadsOf = (versions: number[]) =>
		server.requests.filter((q) => q.path.startsWith("/api/download/models/") && versions.includes(Number(q.path.split("/").pop()))).length;
	const lorasOnDisk = async () => (await readdir(paths.lora).catch(() => [] as string[])).filter((n) => n.endsWith(".safetensors")).length;
	return { server, dir, config, downloadsOf, lorasOnDisk };
}
