import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";

const WRITER = new URL("../../src/download/hashing-writer.ts", import.meta.url).href;
const HASHER = new URL("../../src/download/slot-hasher.ts", import.meta.url).href;

/**
 * Run `script` in a fresh Node, as a module from `-e` (so the worker's eval code must not need
 * `require`, which a module has not); whether it ended by itself within `boundMs`, and what it printed.
 */
function runAlone(script: string, boundMs = 15_000): Promise<{ endedByItself: boolean; code: number | null; stdout: string }> {
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			["--import", "tsx", "--input-type=module", "-e", script],
			{ timeout: boundMs, killSignal: "SIGKILL", encoding: "utf8" },
			(error, stdout) => {
				const killed = (error as { killed?: boolean } | null)?.killed === true;
				resolve({ endedByItself: !killed, code: error ? ((error as { code?: number }).code ?? null) : 0, stdout });
			},
		);
	});
}

describe("the hashing thread holds the process only while a hash is awaited", () => {
	it("a writer used and never digested nor closed (a library caller's) lets its process end by itself", async () => {
		const r = await runAlone(`
			import { open } from "node:fs/promises";
			import { tmpdir } from "node:os";
			import { join } from "node:path";
			import { HashingWriter } from ${JSON.stringify(WRITER)};
			const fh = await open(join(tmpdir(), "civitai-dl-lifetime-" + process.pid), "w");
			const writer = new HashingWriter(fh, 0, { now: () => 0 }, { hash: "worker", slotBytes: 4096, slots: 2 });
			await writer.write(Buffer.alloc(10_000, 7));
			await writer.finish();
			await fh.close();
			console.log("used");
		`);
		assert.equal(r.stdout.trim(), "used");
		assert.ok(r.endedByItself, "the process was still alive at the bound: the idle worker kept it");
		assert.equal(r.code, 0);
	});

	it("a hash in flight with nothing else on the event loop still settles (and then the process ends)", async () => {
		const r = await runAlone(`
			import { workerSlotHasher } from ${JSON.stringify(HASHER)};
			const sab = new SharedArrayBuffer(16);
			new Uint8Array(sab).set(Buffer.from("abc"));
			const hasher = workerSlotHasher([sab]);
			// nothing awaits these at top level: only the pending answers keep the process going
			hasher.hash(0, 3).then(() => hasher.digest()).then((hex) => console.log(hex));
		`);
		assert.ok(r.endedByItself, "the process was still alive at the bound");
		// SHA-256 of "abc"
		assert.equal(r.stdout.trim(), "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
	});
});
