import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type RunWhere, whereWithoutConfig } from "../../src/core/no-config.js";

describe("where a run without a config file says it writes (issue 27, point 19)", () => {
	const run: RunWhere = {
		configFound: false,
		dryRun: false,
		cwd: "/home/me/sd",
		historyFile: "/home/me/sd/download_history.csv",
		downloadPaths: ["/home/me/sd/models/checkpoint", "/home/me/sd/models/lora", "/home/me/sd/models/embedding"],
		pathsDefault: true,
		output: false,
	};
	const cases: [string, Partial<RunWhere>, ReturnType<typeof whereWithoutConfig>][] = [
		[
			"no config file: the folder, the models' folder and the history",
			{},
			{ folder: "/home/me/sd", history: "/home/me/sd/download_history.csv", models: "/home/me/sd/models" },
		],
		["a config file was found: nothing to say", { configFound: true }, null],
		["--dry-run writes nothing: nothing to say", { dryRun: true }, null],
		[
			"--output sends the models elsewhere: only the history is named",
			{ output: true },
			{ folder: "/home/me/sd", history: "/home/me/sd/download_history.csv", models: null },
		],
		[
			"--layout on the command line: only the history is named",
			{ pathsDefault: false, downloadPaths: ["/ui/models/checkpoints", "/ui/models/loras"] },
			{ folder: "/home/me/sd", history: "/home/me/sd/download_history.csv", models: null },
		],
		[
			"folders with no one parent: only the history is named",
			{ downloadPaths: ["/a/models/lora", "/b/embeddings"] },
			{ folder: "/home/me/sd", history: "/home/me/sd/download_history.csv", models: null },
		],
	];
	for (const [name, change, want] of cases) it(name, () => assert.deepEqual(whereWithoutConfig({ ...run, ...change }), want));
});
