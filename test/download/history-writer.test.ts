import assert from "node:assert/strict";
import { appendFile, readFile, rename } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { HistoryWriter } from "../../src/download/history-writer.js";
import { emptyRow, HISTORY_COLUMNS, type HistoryRow } from "../../src/history/columns.js";
import { appendHistoryRows } from "../../src/history/csv-file.js";
import { tempDir } from "../helpers.js";

const row = (path: string, version: string): HistoryRow => ({
	...emptyRow(),
	timestamp: "2026-01-01 00:00:00",
	model_type: "lora",
	url: `https://civitai.com/api/download/models/${version}`,
	filename: path.split("/").pop()!,
	version_id: version,
	file_id: `${version}0`,
	path,
});

/** issue 27 point 13: the history is no longer locked for a whole run, so the index follows what other runs append. */
describe("the history writer's path index follows the file", () => {
	it("a row another run appends after the first read is known at the next question", async () => {
		const dir = await tempDir();
		const file = join(dir, "download_history.csv");
		await appendHistoryRows(file, [row("/m/a.safetensors", "1")]);
		const mine = new HistoryWriter(file, { downloadPaths: {} as never });
		assert.equal((await mine.ownerOf("/m/a.safetensors"))?.versionId, "1");
		assert.equal(await mine.hasPath("/m/b.safetensors"), false);
		const seen = mine.generation;
		await appendHistoryRows(file, [row("/m/b.safetensors", "2")]); // another run
		assert.equal((await mine.ownerOf("/m/b.safetensors"))?.versionId, "2");
		assert.ok(mine.generation > seen, "the writer says it read rows another run wrote");
	});

	it("a later row of another run for the same path wins; this run's rows not yet on disk win over the file", async () => {
		const dir = await tempDir();
		const file = join(dir, "download_history.csv");
		await appendHistoryRows(file, [row("/m/a.safetensors", "1")]);
		const mine = new HistoryWriter(file, { downloadPaths: {} as never });
		await mine.index();
		await appendHistoryRows(file, [row("/m/a.safetensors", "7")]);
		assert.equal((await mine.ownerOf("/m/a.safetensors"))?.versionId, "7");
		const recording = mine.record(row("/m/a.safetensors", "9"));
		assert.equal((await mine.ownerOf("/m/a.safetensors"))?.versionId, "9");
		await recording;
		assert.equal((await mine.ownerOf("/m/a.safetensors"))?.versionId, "9");
	});

	it("a line still being written is read once it is whole", async () => {
		const dir = await tempDir();
		const file = join(dir, "download_history.csv");
		await appendHistoryRows(file, [row("/m/a.safetensors", "1")]);
		const mine = new HistoryWriter(file, { downloadPaths: {} as never });
		await mine.index();
		await appendFile(file, "2026-01-01 00:00:00,lora,https://civitai.com/x,b.safetensors,,2,"); // half a row
		assert.equal(await mine.hasPath("/m/b.safetensors"), false);
		const rest = HISTORY_COLUMNS.slice(6).map((c) => (c === "path" ? "/m/b.safetensors" : ""));
		await appendFile(file, `${rest.join(",")}\n`);
		assert.equal((await mine.ownerOf("/m/b.safetensors"))?.versionId, "2");
	});

	it("a history rewritten under it (a new file at the name) is read again whole", async () => {
		const dir = await tempDir();
		const file = join(dir, "download_history.csv");
		await appendHistoryRows(file, [row("/m/a.safetensors", "1"), row("/m/b.safetensors", "2")]);
		const mine = new HistoryWriter(file, { downloadPaths: {} as never });
		assert.equal(await mine.hasPath("/m/a.safetensors"), true);
		const other = join(dir, "other.csv");
		await appendHistoryRows(other, [row("/m/b.safetensors", "2"), row("/m/c.safetensors", "3")]);
		await rename(other, file);
		assert.equal(await mine.hasPath("/m/a.safetensors"), false);
		assert.equal(await mine.hasPath("/m/c.safetensors"), true);
	});

	it("its own appends are not read back, and rows appended between two of its own are", async () => {
		const dir = await tempDir();
		const file = join(dir, "download_history.csv");
		const mine = new HistoryWriter(file, { downloadPaths: {} as never });
		await mine.record(row("/m/a.safetensors", "1"));
		await mine.index();
		const seen = mine.generation;
		await mine.record(row("/m/b.safetensors", "2"));
		await mine.index();
		assert.equal(mine.generation, seen, "nothing but its own rows came: nothing was read");
		await appendHistoryRows(file, [row("/m/c.safetensors", "3")]); // another run
		await mine.record(row("/m/d.safetensors", "4"));
		for (const p of ["a", "b", "c", "d"]) assert.equal(await mine.hasPath(`/m/${p}.safetensors`), true, p);
		assert.equal((await readFile(file, "utf8")).trim().split("\n").length, 5);
	});
});
