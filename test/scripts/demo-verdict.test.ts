import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type DemoRun, demoVerdict } from "../../scripts/demo-verdict.js";

const report = (exitCode: number, failedListPath: string | null = "/d/failed.csv", stoppedBy: string | null = null) => ({
	exitCode,
	failedListPath,
	stoppedBy,
});

describe("demoVerdict: only the designed outcome is called expected", () => {
	const table: [string, DemoRun, number, RegExp][] = [
		["one login failure", { code: 1, report: report(1), failedKinds: ["auth"] }, 0, /as designed/],
		["everything worked", { code: 0, report: report(0, null), failedKinds: [] }, 0, /exited with 0/],
		["a crash (no report)", { code: 1, report: null, failedKinds: [] }, 1, /FAILED: civitai-dl stopped \(exit 1\) without finishing/],
		["killed by a signal", { code: null, report: null, failedKinds: [] }, 1, /FAILED.*exit a signal/],
		["two failures", { code: 1, report: report(1), failedKinds: ["auth", "network"] }, 1, /FAILED: .*2 item\(s\) failed \(auth, network\)/],
		["another failure kind", { code: 1, report: report(1), failedKinds: ["hash_mismatch"] }, 1, /FAILED/],
		["a usage error", { code: 2, report: report(2, null), failedKinds: [] }, 2, /FAILED: .*exited with 2/],
		["parked by the quota", { code: 3, report: report(3, "/d/f.csv", "quota"), failedKinds: ["quota"] }, 1, /stopped early \(quota\)/],
	];
	for (const [name, run, exit, words] of table) {
		it(name, () => {
			const v = demoVerdict(run);
			assert.equal(v.exit, exit);
			assert.match(v.message, words);
		});
	}
});
