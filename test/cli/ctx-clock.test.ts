import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { describe, it } from "node:test";
import { main } from "../../src/cli/main.js";
import { tempDir, webhookReceiver, writeConfig } from "../helpers.js";
import { VirtualClock } from "../virtual-clock.js";

function sink(): PassThrough & { text: () => string } {
	const s = new PassThrough() as PassThrough & { text: () => string };
	let out = "";
	s.on("data", (d) => (out += d));
	s.text = () => out;
	return s;
}

describe("the CLI's one clock", () => {
	it("main passes the clock it is given down to the commands: notify test's events carry its time", async () => {
		const hook = await webhookReceiver(() => 204);
		const dir = await tempDir();
		const config = await writeConfig(dir, { notifications: { webhooks: [{ kind: "json", url: hook.url("/h") }] } });
		const clock = new VirtualClock(Date.UTC(2031, 0, 2, 3, 4, 5), false); // moved by hand only: the delivery's deadline never comes
		const stdout = sink();
		const stderr = sink();
		const code = await main(["notify", "test", "--json", "--config", config], {
			stdout,
			stderr,
			stdin: new PassThrough(),
			env: {},
			cwd: dir,
			signal: new AbortController().signal,
			clock,
		});
		assert.equal(code, 0, stderr.text());
		const events = stdout
			.text()
			.trim()
			.split("\n")
			.map((l) => JSON.parse(l) as { type: string; time: string });
		assert.deepEqual(
			events.filter((e) => e.type === "notify").map((e) => e.time),
			["2031-01-02T03:04:05.000Z"],
		);
		assert.equal(hook.received.length, 1);
	});
});
