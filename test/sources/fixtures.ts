import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { sha256Of } from "../../fake-civitai/bytes.js";
import type { FakeCatalogue, FakeModel } from "../../fake-civitai/catalogue.js";
import { main } from "../../src/cli/main.js";
import { emptyRow, HISTORY_COLUMNS, type HistoryRow } from "../../src/history/columns.js";
import { writeCsv } from "../../src/history/csv-file.js";
import type { Clock } from "../../src/platform/clock.js";
import { KEY } from "../helpers.js";
import { sink } from "../updates/fixtures.js";

/**
 * The local Civitai of the sources' tests (issue 28): alice has 250 LoRAs (every fifth with an
 * older version too, one in early access), bob 3 models, 130 "pixel" models to search, three
 * favorites, and two images with generation data.
 */

export const ALICE = 250;
const KiB = 1024;

function aliceModel(i: number): FakeModel {
	const id = 5000 + i;
	const file = (v: number) => [{ id: v * 10, name: `alice-${i}-v${v}.safetensors`, sizeBytes: 1 * KiB + i, primary: true }];
	const newest = {
		id: id * 10 + 2,
		name: "v2",
		files: file(id * 10 + 2),
		...(i === 7 ? { earlyAccessDeadline: "2099-01-01T00:00:00.000Z" } : {}),
	};
	const older = { id: id * 10 + 1, name: "v1", files: file(id * 10 + 1) };
	return { id, name: `Alice ${i}`, type: "LORA", creator: "alice", versions: i % 5 === 0 || i === 7 ? [newest, older] : [newest] };
}

function pixelModel(i: number): FakeModel {
	const id = 8000 + i;
	return {
		id,
		name: `Pixel Art ${i}`,
		type: i % 2 === 0 ? "LORA" : "Checkpoint",
		creator: "pixie",
		tags: ["pixel"],
		versions: [
			{
				id: id * 10,
				name: "v1",
				baseModel: i % 3 === 0 ? "Pony" : "SDXL 1.0",
				files: [{ id: id * 100, name: `pixel-${i}.safetensors`, sizeBytes: 2 * KiB, primary: true }],
			},
		],
	};
}

/** The models an A1111 image names (see `a1111Parameters`): one in the library, one on Civitai. */
export const IN_LIBRARY = {
	id: 9100,
	name: "In Library",
	type: "LORA",
	versions: [{ id: 91000, name: "v1", files: [{ id: 910000, name: "inlib.safetensors", sizeBytes: 3 * KiB, primary: true }] }],
} satisfies FakeModel;
export const ON_CIVITAI = {
	id: 9200,
	name: "On Civitai",
	type: "LORA",
	versions: [{ id: 92000, name: "v1", files: [{ id: 920000, name: "oncivitai.safetensors", sizeBytes: 3 * KiB, primary: true }] }],
} satisfies FakeModel;
export const CHECKPOINT = {
	id: 9300,
	name: "Base Checkpoint",
	type: "Checkpoint",
	versions: [{ id: 93000, name: "v1", files: [{ id: 930000, name: "base.safetensors", sizeBytes: 5 * KiB, primary: true }] }],
} satisfies FakeModel;

/** A file's SHA-256 as the local Civitai serves it. */
export const shaOf = (m: { versions: { files: { id: number; sizeBytes: number; seed?: string }[] }[] }) => {
	const f = m.versions[0]!.files[0]!;
	return sha256Of(f.seed ?? `file-${f.id}`, f.sizeBytes);
};

export function sourcesCatalogue(): FakeCatalogue {
	const bob = (n: number, type: string): FakeModel => ({
		id: 6000 + n,
		name: `Bob ${n}`,
		type,
		creator: "bob",
		favorite: n !== 2,
		versions: [
			{
				id: 60000 + n * 10 + 2,
				name: "v2",
				baseModel: "Pony",
				files: [{ id: 600000 + n * 100 + 2, name: `bob-${n}-v2.safetensors`, sizeBytes: 4 * KiB, primary: true }],
			},
			{
				id: 60000 + n * 10 + 1,
				name: "v1",
				files: [{ id: 600000 + n * 100 + 1, name: `bob-${n}-v1.safetensors`, sizeBytes: 4 * KiB, primary: true }],
			},
		],
	});
	return {
		models: [
			...Array.from({ length: ALICE }, (_, k) => aliceModel(k + 1)),
			bob(1, "Checkpoint"),
			bob(2, "LORA"),
			bob(3, "TextualInversion"),
			...Array.from({ length: 130 }, (_, k) => pixelModel(k + 1)),
			IN_LIBRARY,
			ON_CIVITAI,
			CHECKPOINT,
			// carol: one model on both origins, one only on civitai.red
			{
				id: 7001,
				name: "Carol Day",
				type: "LORA",
				creator: "carol",
				versions: [{ id: 70010, name: "v1", files: [{ id: 700100, name: "carol-day.safetensors", sizeBytes: 2 * KiB, primary: true }] }],
			},
			{
				id: 7002,
				name: "Carol Night",
				type: "LORA",
				creator: "carol",
				nsfw: true,
				mature: true,
				versions: [{ id: 70020, name: "v1", files: [{ id: 700200, name: "carol-night.safetensors", sizeBytes: 2 * KiB, primary: true }] }],
			},
		],
		images: [
			{
				id: 77,
				meta: {
					prompt: "a cat",
					civitaiResources: [
						{ type: "checkpoint", modelVersionId: 93000 },
						{ type: "lora", modelVersionId: 92000, weight: 0.65 },
						{ type: "lora", modelVersionId: 91000, weight: 0.3 },
						{ type: "lora", modelVersionId: 999999 },
					],
				},
				modelVersionIds: [93000, 92000, 91000, 999999],
			},
			{ id: 78, meta: null },
			{
				id: 79,
				mature: true,
				meta: { civitaiResources: [{ type: "lora", modelVersionId: 70020, weight: 0.9 }] },
				modelVersionIds: [70020],
			},
		],
	};
}

/** A history that holds the "in library" LoRA (by its SHA-256) and alice's model 1 (v2). */
export async function writeSourcesHistory(dir: string, baseUrl: string): Promise<void> {
	const row = (model: number, version: number, file: number, name: string, sha: string): HistoryRow => ({
		...emptyRow(),
		timestamp: "2026-11-01 00:00:00",
		model_type: "lora",
		url: `${baseUrl}/api/download/models/${version}?fileId=${file}`,
		filename: name,
		model_id: String(model),
		version_id: String(version),
		file_id: String(file),
		size_bytes: "3072",
		sha256: sha,
		path: join(dir, "models/lora", name),
	});
	const alice1 = aliceModel(1);
	await writeCsv(join(dir, "download_history.csv"), HISTORY_COLUMNS, [
		row(9100, 91000, 910000, "inlib.safetensors", shaOf(IN_LIBRARY)),
		row(5001, 50012, 500120, "alice-1-v50012.safetensors", shaOf({ versions: [alice1.versions[0]!] })),
		row(9400, 94000, 940000, "my_style.safetensors", "A".repeat(64)),
	]);
}

/** Run the CLI in-process on `dir` with `stdin`; the key by default, none with `key: false`. */
export async function run(
	args: string[],
	dir: string,
	o: { clock?: Clock; stdin?: string; key?: string | false } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
	const stdout = sink();
	const stderr = sink();
	const stdin = new PassThrough();
	stdin.end(o.stdin ?? "");
	const env: NodeJS.ProcessEnv = o.key === false ? {} : { CIVITAI_API_KEY: o.key ?? KEY };
	const code = await main(args, {
		stdout,
		stderr,
		stdin,
		env,
		cwd: dir,
		signal: new AbortController().signal,
		...(o.clock ? { clock: o.clock } : {}),
	});
	return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** NDJSON lines as objects. */
export function events(stdout: string): Record<string, unknown>[] {
	return stdout
		.trim()
		.split("\n")
		.filter((l) => l.startsWith("{"))
		.map((l) => JSON.parse(l) as Record<string, unknown>);
}

export async function writeFileIn(dir: string, name: string, data: string | Uint8Array): Promise<string> {
	const path = join(dir, name);
	await writeFile(path, data);
	return path;
}
