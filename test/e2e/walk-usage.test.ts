import assert from "node:assert/strict";
import { createServer } from "node:net";
import { describe, it } from "node:test";
import { runCli, tempDir } from "../helpers.js";

/** A port on 127.0.0.1 where nothing listens (connection refused: a network failure). */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const address = server.address();
	await new Promise<void>((resolve) => server.close(() => resolve()));
	if (address === null || typeof address === "string") throw new Error("no port");
	return address.port;
}

/** What walking the README and docs/ found about `--network-delays`: the flag is read, and named in its own errors. */
describe("--network-delays", () => {
	it("sets the waits after a network failure (the options table in docs/commands.md), instead of the 10,30,90 default", async () => {
		const dir = await tempDir();
		const port = await closedPort();
		const args = ["get", "version:1", "--json", "--base-url", `http://127.0.0.1:${port}`, "--network-delays", "0.01,0.02"];
		// with the flag ignored, the first wait alone is 10 s: the run is cut off long before its 130 s of waits end
		const r = await runCli([...args, "--outage-after", "0"], { cwd: dir, timeoutMs: 8_000 });
		const retries = r.stdout
			.split("\n")
			.filter((l) => l.startsWith("{"))
			.map((l) => JSON.parse(l) as { type: string; delayMs?: number; maxRetries?: number })
			.filter((e) => e.type === "retry");
		assert.deepEqual(
			retries.map((e) => [e.delayMs, e.maxRetries]),
			[
				[10, 2],
				[20, 2],
			],
			r.stdout + r.stderr,
		);
		assert.equal(r.code, 1, r.stderr);
	});

	it("a bad value is reported as --network-delays, not --retry-delays (exit 2)", async () => {
		const dir = await tempDir();
		const r = await runCli(["get", "model:1", "--network-delays", "1,x"], { cwd: dir });
		assert.equal(r.code, 2, r.stderr);
		assert.match(r.stderr, /--network-delays "1,x"/);
		assert.doesNotMatch(r.stderr, /--retry-delays/);
	});

	it("a bad --retry-delays is still reported as --retry-delays", async () => {
		const dir = await tempDir();
		const r = await runCli(["get", "model:1", "--retry-delays", "1,x"], { cwd: dir });
		assert.equal(r.code, 2, r.stderr);
		assert.match(r.stderr, /--retry-delays "1,x"/);
	});
});

describe("help for a command that does not exist", () => {
	it("`help gett` is a usage error naming the command and the nearest one (exit 2), not the whole help", async () => {
		const r = await runCli(["help", "gett"], { cwd: await tempDir() });
		assert.equal(r.code, 2);
		assert.equal(r.stderr, "civitai-dl: unknown command gett; did you mean get? (see civitai-dl --help)\n");
		assert.equal(r.stdout, "");
	});
	it("`help get` still shows get's help", async () => {
		const r = await runCli(["help", "get"], { cwd: await tempDir() });
		assert.equal(r.code, 0);
		assert.match(r.stdout, /^Usage: civitai-dl get /);
	});
});
