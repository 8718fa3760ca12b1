import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import type { FakeCatalogue, FakeModel } from "../../fake-civitai/catalogue.js";
import { main } from "../../src/cli/main.js";
import { emptyRow, HISTORY_COLUMNS, type HistoryRow } from "../../src/history/columns.js";
import { writeCsv } from "../../src/history/csv-file.js";
import type { Clock } from "../../src/platform/clock.js";

/**
 * Model `i` of the update catalogue, by `i % 5`: 0 one version (up to date), 1 a newer version for
 * the same base model, 2 a newer version for another base model (Pony), 3 two versions and the
 * history holds the newer one, 4 a mature model with a newer same-base version.
 */
export function updateModel(i: number): FakeModel {
	const kind = i % 5;
	const file = (v: number) => [{ id: v * 10, name: `m${i}-v${v}.safetensors`, sizeBytes: 1024 + i, primary: true }];
	const v1 = { id: i * 10 + 1, name: "v1", baseModel: "SDXL 1.0", publishedAt: "2026-01-01T00:00:00.000Z", files: file(i * 10 + 1) };
	const v2 = {
		id: i * 10 + 2,
		name: "v2",
		baseModel: kind === 2 ? "Pony" : "SDXL 1.0",
		publishedAt: "2026-11-01T00:00:00.000Z",
		files: file(i * 10 + 2),
	};
	return { id: i, name: `Model ${i}`, type: "LORA", ...(kind === 4 ? { nsfw: true } : {}), versions: kind === 0 ? [v1] : [v2, v1] };
}

export function updateCatalogue(count: number): FakeCatalogue {
	return { models: Array.from({ length: count }, (_, k) => updateModel(k + 1)) };
}

/** The ids of the models (of 1..count) that `outdated` must list, and those whose base model changed. */
export function expectedOutdated(count: number): { all: number[]; baseChanged: number[]; sameBase: number[] } {
	const ids = Array.from({ length: count }, (_, k) => k + 1);
	const all = ids.filter((i) => [1, 2, 4].includes(i % 5));
	return { all, baseChanged: all.filter((i) => i % 5 === 2), sameBase: all.filter((i) => i % 5 !== 2) };
}

/**
 * A history of models 1..count as civitai-dl wrote it (v1 of each; v2 too for kind 3), the files
 * on disk under `<dir>/custom/m<i>/`, plus one seed-era row without ids. Returns the history's path.
 */
export async function writeUpdateHistory(dir: string, baseUrl: string, count: number, files = false): Promise<string> {
	const rows: HistoryRow[] = [
		{
			...emptyRow(),
			timestamp: "2026-01-01 00:00:00",
			model_type: "lora",
			url: "https://civitai.com/api/download/models/9",
			filename: "seed.safetensors",
		},
	];
	for (let i = 1; i <= count; i++) {
		const versions = i % 5 === 3 ? [i * 10 + 1, i * 10 + 2] : [i * 10 + 1];
		for (const v of versions) {
			const folder = join(dir, "custom", `m${i}`);
			const path = join(folder, `m${i}-v${v}.safetensors`);
			if (files) {
				await mkdir(folder, { recursive: true });
				await writeFile(path, "old");
			}
			rows.push({
				...emptyRow(),
				timestamp: "2026-01-01 00:00:00",
				model_type: "lora",
				url: `${baseUrl}/api/download/models/${v}`,
				filename: `m${i}-v${v}.safetensors`,
				model_id: String(i),
				version_id: String(v),
				file_id: String(v * 10),
				size_bytes: "3",
				sha256: "",
				path,
			});
		}
	}
	const history = join(dir, "download_history.csv");
	await writeCsv(history, HISTORY_COLUMNS, rows);
	return history;
}

export function sink(): PassThrough & { text: () => string } {
	const s = new PassThrough() as PassThrough & { text: () => string };
	let out = "";
	s.on("data", (d) => (out += d));
	s.text = () => out;
	return s;
}

/** Run the CLI in-process without a terminal; `clock` is the run's clock when given. */
export async function cli(args: string[], dir: string, clock?: Clock): Promise<{ code: number; stdout: string; stderr: string }> {
	const stdout = sink();
	const stderr = sink();
	const code = await main(args, {
		stdout,
		stderr,
		stdin: new PassThrough(),
		env: { KEYLESS: "1" },
		cwd: dir,
		signal: new AbortController().signal,
		...(clock ? { clock } : {}),
	});
	return { code, stdout: stdout.text(), stderr: stderr.text() };
}
