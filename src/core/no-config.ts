/**
 * Where a run writes when no config file was found (issue 27, point 19): the defaults resolve against
 * the current folder, so a first `get` would write `./models/…` and `./download_history.csv` without a
 * word. The run says so once, naming the folder. Pure.
 */
import { dirname } from "node:path";

export interface WhereWithoutConfig {
	/** the folder the defaults resolve against (the current one) */
	folder: string;
	history: string;
	/** the folder holding the category folders, or null when the models go elsewhere (`--output`, `--layout`) */
	models: string | null;
}

export interface RunWhere {
	configFound: boolean;
	/** `--dry-run`: nothing is written, the plan shows each path */
	dryRun: boolean;
	cwd: string;
	historyFile: string;
	downloadPaths: readonly string[];
	/** the folders are the defaults (no `download_paths`, no layout) */
	pathsDefault: boolean;
	/** `--output` names the folder */
	output: boolean;
}

/** What to say about where this run writes, or null: a config file was found, or nothing is written. */
export function whereWithoutConfig(run: RunWhere): WhereWithoutConfig | null {
	if (run.configFound || run.dryRun) return null;
	const parents = new Set(run.downloadPaths.map((p) => dirname(p)));
	const models = run.pathsDefault && !run.output && parents.size === 1 ? [...parents][0]! : null;
	return { folder: run.cwd, history: run.historyFile, models };
}
