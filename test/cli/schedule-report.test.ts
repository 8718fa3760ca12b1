import assert from "node:assert/strict";
import { readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PassThrough } from "node:stream";
import { after, describe, it } from "node:test";
import { main } from "../../src/cli/main.js";
import { nodeSpawner } from "../../src/cli/schedule.js";
import { tempDir } from "../helpers.js";

describe("schedule's run report", { skip: process.platform === "win32" }, () => {
	it("goes through a private folder of its own (mkdtemp, 0700), never a predictable name in the temp folder", async () => {
		const dir = await tempDir();
		const seen = join(dir, "seen.json");
		// a stand-in for the child run: it says where it was told to write, then writes its report there
		const entry = join(dir, "child.mjs");
		await writeFile(
			entry,
			`import { statSync, writeFileSync } from "node:fs";
			import { dirname } from "node:path";
			const p = process.env.CIVITAI_DL_RUN_REPORT;
			const d = statSync(dirname(p));
			writeFileSync(${JSON.stringify(seen)}, JSON.stringify({ p, mode: d.mode & 0o777, uid: d.uid }));
			writeFileSync(p, JSON.stringify({ exitCode: 3, failedListPath: "/f.csv", stoppedBy: "disk" }));
			process.exit(3);`,
		);
		// what another local user could plant at the name the report used to take
		const victim = join(dir, "victim");
		await writeFile(victim, "precious\n");
		const planted = join(tmpdir(), `civitai-dl-run-${process.pid}-1.json`);
		await rm(planted, { force: true });
		await symlink(victim, planted);
		after(() => rm(planted, { force: true }));
		const spawnRun = nodeSpawner({
			entry,
			execArgv: [],
			env: { PATH: process.env.PATH ?? "" },
			cwd: dir,
			inherit: false,
			stdout: new PassThrough().resume(),
			stderr: new PassThrough().resume(),
		});
		const r = await spawnRun(["redownload", "all", "--yes"]).done;
		assert.equal(r.code, 3);
		assert.deepEqual(r.report, { exitCode: 3, failedListPath: "/f.csv", stoppedBy: "disk" });
		assert.equal(await readFile(victim, "utf8"), "precious\n", "nothing written through the planted link");
		const child = JSON.parse(await readFile(seen, "utf8")) as { p: string; mode: number; uid: number };
		assert.notEqual(dirname(child.p), tmpdir());
		assert.equal(child.mode, 0o700);
		assert.equal(child.uid, process.getuid?.());
		await assert.rejects(stat(dirname(child.p)), { code: "ENOENT" }, "the folder is removed after the run");
	});

	it("a run asked to report never writes through a link at the report's name", async () => {
		const dir = await tempDir();
		const victim = join(dir, "victim");
		await writeFile(victim, "precious\n");
		const report = join(dir, "report.json");
		await symlink(victim, report);
		const out = new PassThrough().resume();
		const code = await main(["config", "path"], {
			stdout: out,
			stderr: new PassThrough().resume(),
			stdin: new PassThrough(),
			env: { XDG_CONFIG_HOME: join(dir, "xdg"), CIVITAI_DL_RUN_REPORT: report },
			cwd: dir,
			signal: new AbortController().signal,
		});
		assert.equal(code, 0);
		assert.equal(await readFile(victim, "utf8"), "precious\n");
	});
});
