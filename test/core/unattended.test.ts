import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type NoAnswer, type ParsedCommand, unanswered } from "../../src/core/unattended.js";

describe("a scheduled command that would ask with nobody to answer", () => {
	const cases: [string, ParsedCommand, NoAnswer | undefined][] = [
		["redownload all", { name: "redownload", operands: ["all"], opts: {} }, "asks"],
		["redownload all --yes", { name: "redownload", operands: ["all"], opts: { yes: true } }, undefined],
		["redownload all --dry-run", { name: "redownload", operands: ["all"], opts: { dryRun: true } }, undefined],
		["redownload all --force", { name: "redownload", operands: ["all"], opts: { force: true } }, undefined],
		["redownload model:1", { name: "redownload", operands: ["model:1"], opts: {} }, undefined],
		["redownload --from list.csv", { name: "redownload", operands: [], opts: {} }, undefined],
		["update", { name: "update", operands: [], opts: {} }, "asks"],
		["update --yes", { name: "update", operands: [], opts: { yes: true } }, undefined],
		["update --dry-run", { name: "update", operands: [], opts: { dryRun: true } }, undefined],
		["outdated", { name: "outdated", operands: [], opts: {} }, undefined],
		["get model:1", { name: "get", operands: ["model:1"], opts: {} }, undefined],
		["get user:someone", { name: "get", operands: ["user:someone"], opts: {} }, "asks_long"],
		["get favorites:", { name: "get", operands: ["favorites:"], opts: {} }, "asks_long"],
		["get https://civitai.com/user/someone", { name: "get", operands: ["https://civitai.com/user/someone"], opts: {} }, "asks_long"],
		["get user:someone --yes", { name: "get", operands: ["user:someone"], opts: { yes: true } }, undefined],
		["get model:1 --all-versions", { name: "get", operands: ["model:1"], opts: { allVersions: true } }, "asks_long"],
		["get -", { name: "get", operands: ["-"], opts: { yes: true } }, "stdin"],
		["get model:abc (unreadable: the run says so)", { name: "get", operands: ["model:abc"], opts: {} }, undefined],
		["search cute --get", { name: "search", operands: ["cute"], opts: { get: true } }, "asks_long"],
		["search cute --get --yes", { name: "search", operands: ["cute"], opts: { get: true, yes: true } }, undefined],
		["search cute", { name: "search", operands: ["cute"], opts: {} }, undefined],
		["verify", { name: "verify", operands: [], opts: {} }, undefined],
	];
	for (const [title, command, want] of cases) {
		it(`${title}: ${want ?? "runs alone"}`, () => assert.equal(unanswered(command), want));
	}
});
