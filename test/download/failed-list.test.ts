import assert from "node:assert/strict";
import { readdir, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { describe, it } from "node:test";
import { FailedList, KEEP_FAILED_LISTS, RECENT_FAILED_LISTS, recentFailedLists } from "../../src/download/failed-list.js";
import { readCsv } from "../../src/history/csv-file.js";
import { tempDir } from "../helpers.js";

function listOf(label: string): FailedList {
	const l = new FailedList();
	l.add(1, { label }, undefined, "network", `could not get ${label}`, new Date(2026, 10, 30, 7, 0, 0));
	return l;
}

describe("the failed list", () => {
	it("two runs that start in the same second never share a failed list: -2, -3...", async () => {
		const dir = await tempDir();
		const history = join(dir, "download_history.csv");
		const started = new Date(2026, 10, 30, 6, 59, 58);
		const paths = [];
		for (const label of ["first", "second", "third"]) paths.push(await listOf(label).write(undefined, history, started));
		assert.deepEqual(
			paths.map((p) => basename(p)),
			["failed-20261130-065958.csv", "failed-20261130-065958-2.csv", "failed-20261130-065958-3.csv"],
		);
		assert.equal((await readdir(dir)).length, 3);
		assert.equal((await readCsv(paths[0]!)).rows[0]!.cells.url, "first", "the first list was replaced");
	});

	it("a path asked for (--failed-out) is written there, replacing what was there", async () => {
		const dir = await tempDir();
		const out = join(dir, "f.csv");
		await listOf("old").write(out, join(dir, "h.csv"), new Date());
		await listOf("new").write(out, join(dir, "h.csv"), new Date());
		assert.equal((await readCsv(out)).rows[0]!.cells.url, "new");
	});
});

describe("the failed lists of recent runs (issue 25, finding 4)", () => {
	it("those beside the history from the last 7 days, newest first (by the time in their name), at most 20", async () => {
		const dir = await tempDir();
		const history = join(dir, "download_history.csv");
		const names = [
			"failed-20261130-010000.csv",
			"failed-20261130-010000-2.csv",
			"failed-20261129-235959.csv",
			"failed-20261122-235959.csv", // more than 7 days before
			"failed-20261201-000000.csv", // after now: not a past run
			"failed-list.csv",
			"my-failed-20261130-010000.csv",
		];
		for (const n of names) await writeFile(join(dir, n), "");
		const now = new Date(2026, 10, 30, 12, 0, 0).getTime();
		assert.deepEqual(
			(await recentFailedLists(history, now)).map((p) => p.slice(dir.length + 1)),
			["failed-20261130-010000-2.csv", "failed-20261130-010000.csv", "failed-20261129-235959.csv"],
		);
		for (let i = 0; i < 25; i++) await writeFile(join(dir, `failed-20261130-0200${String(i).padStart(2, "0")}.csv`), "");
		const many = await recentFailedLists(history, now);
		assert.equal(many.length, 20);
		assert.ok(many[0]!.endsWith("failed-20261130-020024.csv"));
	});
});

describe("old failed lists are not kept for ever (issue 27, point 14)", () => {
	it("writing a list beside the history keeps the newest 20 there; other files and lists elsewhere stay", async () => {
		const dir = await tempDir();
		const history = join(dir, "download_history.csv");
		const old = Array.from({ length: 25 }, (_, i) => `failed-20261101-0100${String(i).padStart(2, "0")}.csv`);
		for (const n of [...old, "failed-list.csv", "my-failed-20261101-010000.csv"]) await writeFile(join(dir, n), "");
		const written = await listOf("new").write(undefined, history, new Date(2026, 10, 30, 7, 0, 0));
		const left = (await readdir(dir)).sort();
		assert.equal(left.filter((n) => /^failed-\d{8}-\d{6}/.test(n)).length, KEEP_FAILED_LISTS);
		assert.ok(left.includes(basename(written)), "the new list is kept");
		assert.ok(!left.includes(old[0]!) && !left.includes(old[5]!), "the oldest went");
		assert.ok(left.includes(old[24]!), "the newest old ones stay");
		assert.ok(left.includes("failed-list.csv") && left.includes("my-failed-20261101-010000.csv"), "other names are not ours");
		assert.equal(KEEP_FAILED_LISTS, RECENT_FAILED_LISTS.max, "every list a run reads for the recent failures is kept");
	});

	it("a list written elsewhere (--failed-out) cleans up nothing", async () => {
		const dir = await tempDir();
		const old = Array.from({ length: 25 }, (_, i) => `failed-20261101-0100${String(i).padStart(2, "0")}.csv`);
		for (const n of old) await writeFile(join(dir, n), "");
		await listOf("x").write(join(dir, "mine.csv"), join(dir, "download_history.csv"), new Date());
		assert.equal((await readdir(dir)).length, 26);
	});
});
