import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { endingFor } from "../../src/cli/failure.js";
import { parseTarget } from "../../src/core/targets.js";
import {
	CivdlError,
	ConfigError,
	CsvReadError,
	DownloadError,
	InterruptedError,
	LockTimeoutError,
	TargetError,
	UsageError,
} from "../../src/errors.js";
import { LockTimeoutError as FromLock } from "../../src/history/lock.js";
import { msg } from "../../src/i18n/msg.js";

describe("how a typed error ends the CLI: one table", () => {
	const table: [string, unknown, number, RegExp | null][] = [
		["usage", new UsageError(msg("cliRedownloadArgs")), 2, /^civitai-dl: /],
		["bad target", new TargetError("nope", { why: "unknown_form" }), 2, /nope/],
		["config", new ConfigError(msg("csvIsFolder", { file: "/h.csv" }), "history_file"), 2, /\/h\.csv/],
		["unreadable CSV", new CsvReadError(msg("csvUnreadable", { file: "/h.csv", code: "EACCES" }), "/h.csv"), 2, /EACCES/],
		["lock timeout", new LockTimeoutError("/h.csv.lock", { pid: 42, host: "h", startedAt: "", command: "" }, 5000), 2, /42/],
		["download", new DownloadError("not_found", msg("errNotFound", { message: "gone" })), 1, /gone/],
		["interrupted: bin.ts already said so", new InterruptedError(), 130, null],
		["a bug", new TypeError("x is undefined"), 1, /unexpected error: x is undefined/],
	];
	for (const [name, e, exit, words] of table) {
		it(name, () => {
			const ending = endingFor(e, "en", false);
			assert.equal(ending.exit, exit);
			if (words === null) assert.deepEqual(ending.lines, []);
			else assert.match(ending.lines.join("\n"), words);
		});
	}

	it("words in the run's language", () => {
		const e = new CsvReadError(msg("csvIsFolder", { file: "/h.csv" }), "/h.csv");
		assert.notEqual(endingFor(e, "ja", false).lines[0], endingFor(e, "en", false).lines[0]);
	});

	it("every typed error is a CivdlError with a code; the lock's error is the same class from either module", () => {
		for (const e of table.map((r) => r[1]).filter((e) => !(e instanceof TypeError))) {
			assert.ok(e instanceof CivdlError, String(e));
			assert.equal(typeof e.code, "string");
		}
		assert.equal(FromLock, LockTimeoutError);
	});

	it("a refused target is a UsageError that carries its problem, not words", () => {
		assert.throws(
			() => parseTarget("https://example.com/models/1"),
			(e: unknown) =>
				e instanceof TargetError && e instanceof UsageError && e.problem.why === "host" && e.input === "https://example.com/models/1",
		);
	});

	it("the cause is kept", () => {
		const cause = new Error("EACCES");
		assert.equal(new CsvReadError(msg("csvUnreadable", { file: "f", code: "EACCES" }), "f", cause).cause, cause);
	});
});
