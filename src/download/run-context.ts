import type { ResolvedItem } from "../civitai/resolve.js";
import type { Settings } from "../config/load.js";
import type { Category } from "../core/categories.js";
import type { RunEvent } from "../core/events.js";
import type { BreakerState } from "../core/outage.js";
import type { RunSummary, StopReason } from "../core/summary.js";
import type { Target } from "../core/targets.js";
import type { HistoryRow } from "../history/columns.js";
import type { Messages } from "../i18n/en.js";
import type { Lang } from "../i18n/index.js";
import type { Msg } from "../i18n/msg.js";
import type { Clock } from "../platform/clock.js";
import type { FolderCases } from "../platform/folder-case.js";
import type { Requests } from "../requests/requests.js";
import type { BatchLookups } from "./batch-resolve.js";
import type { FailedList } from "./failed-list.js";
import type { RunFolders } from "./folders.js";
import type { HistoryWriter } from "./history-writer.js";
import type { LaneGate } from "./lanes.js";
import type { PathClaims } from "./placement.js";
import type { RepairLookups } from "./repair-lookup.js";

/** One thing to download: a target to resolve, or an already resolved item, maybe from a history row. */
export interface RunItem {
	label: string;
	target?: Target;
	/** Why `target` is missing (an unparseable history URL): the item fails with this message. */
	targetError?: Msg;
	/** Download even when the file is there (a verify failed list: the file there is broken). */
	force?: boolean;
	resolved?: ResolvedItem;
	fileId?: number;
	/** The history or failed-list row it came from. */
	row?: HistoryRow;
	/**
	 * The row comes from someone else's CSV (`redownload --from`): its `path` is used only inside
	 * the download folders. Rows of the user's own history are trusted (only civitai-dl writes them).
	 */
	untrustedPath?: boolean;
	/**
	 * It failed in a recent run (a failed list says so): it was put at the back, and an outage-like
	 * failure of it, once the API has answered for it, does not count towards the outage breaker.
	 */
	failedBefore?: boolean;
}

/** The settings a run needs (see config/load.ts for their meaning and defaults). */
export type RunSettings = Pick<
	Settings,
	"baseUrl" | "apiKey" | "downloadPaths" | "historyFile" | "sleepMs" | "retryDelaysMs" | "speedThresholdBps" | "slowWindowMs"
> &
	Partial<Pick<Settings, "networkRetryDelaysMs" | "outageAfterFailures">> & {
		/** How files are organised under each category's folder (`folder_layout`); absent: `{type}`. */
		folderLayout?: Settings["folderLayout"] | undefined;
		/** The layout's root folder, when the config has one: a download folder too, for paths from a shared CSV. */
		root?: Settings["root"] | undefined;
		/** The second Civitai origin (civitai.red); absent or null: none. */
		redBaseUrl?: Settings["redBaseUrl"] | undefined;
		/** The sidecar files to write next to each model; absent: none (the CLI passes the config's). */
		sidecars?: Settings["sidecars"] | undefined;
		/** Small files downloading at once (`concurrency.small_files`; checkpoints always run alone). Default 1. */
		smallFiles?: Settings["smallFiles"] | undefined;
		/** Range connections per large file (`concurrency.connections_per_file`). Default 1. */
		connectionsPerFile?: Settings["connectionsPerFile"] | undefined;
		/** The pause between two lookups (sidecar repairs). Default 1 s. */
		lookupPauseMs?: Settings["lookupPauseMs"] | undefined;
	};

/** What a caller chooses about a run (the engine's options, `EngineOptions`, extend these). */
export interface RunChoices {
	settings: RunSettings;
	force?: boolean;
	/** false: skip the SHA-256 check (the file is still hashed for the history). */
	verify?: boolean;
	dryRun?: boolean;
	/** Put every file here instead of the category folder. */
	output?: string;
	/** Override the category (folder) of every item. */
	category?: Category;
	/** Where to write the failed list; default: next to the history, named with the run's start time. */
	failedOut?: string;
	/** The language of messages in events and the failed list (default English). */
	lang?: Lang;
	/** The catalogue to word messages with (default: the one of `lang`). */
	messages?: Messages;
	/** Split a file only into segments of at least this many bytes (default 4 MiB). */
	minSegmentBytes?: number;
	/** The disk holding the history is full (its lock could not be written): every item is parked, nothing downloaded. */
	historyFull?: boolean;
	/**
	 * Locking against other runs: the history lock is taken for each append and each file is claimed
	 * for its download (`file-claim.ts`), another run's waited for up to `timeoutMs` (default 10
	 * minutes); false: nothing is locked (you coordinate).
	 */
	lock?: { timeoutMs: number } | false;
	/**
	 * The run's line in the run log next to the history (issue 29): which command this is (default
	 * "get"; `redownload()` says "redownload"), and update's look at Civitai; false: no line. A dry run writes none.
	 */
	runLog?: RunLogChoice | false;
	/**
	 * The words that name this run's set-up in the command printed to run the failed list again
	 * (`--config <file>`, `--base-url <url>`): without them a copied command reads another config,
	 * another history, another site. Default none; never the API key.
	 */
	again?: readonly string[];
}

/** What a downloading run's line in the run log says of the run besides its summary. */
export interface RunLogChoice {
	command: "get" | "redownload" | "update";
	check?: { checked: number; found: number };
}

/** A run's inputs: the caller's choices, the way out to Civitai, and where its events go. */
export interface RunOptions extends RunChoices {
	/** The run's way out to Civitai: sites, clients, pacing and retries (its clock and signal are the run's). */
	requests: Requests;
	onEvent: (e: RunEvent) => void;
}

/** What every part of a run shares: its options, its tools, and the totals so far. */
export interface RunContext {
	/** The run's inputs (its settings among them), as given. */
	opts: RunOptions;
	clock: Clock;
	signal: AbortSignal;
	m: Messages;
	/** Intl locale for numbers in messages. */
	locale: string;
	total: number;
	/** The run's way out to Civitai: its HTTP (download requests wait for the pacer's slots), sites and retries. */
	requests: Requests;
	/** Report an event: it is counted into `summary`, then passed on. */
	emit: (e: RunEvent) => void;
	/** The fold of the run's events (`core/summary.ts`): read it, never write it. */
	readonly summary: RunSummary;
	/** The one way to stop the run (no item is started after it): a `stopped` event, folded into `summary.stoppedBy`. */
	stop: (reason: StopReason) => void;
	/** How each folder of the run compares names (probed once per folder): the keys of `claims` and of the history's index. */
	cases: FolderCases;
	claims: PathClaims;
	/** A resolved file's download URL → the index of the first item of this run that takes it. */
	sameFiles: Map<string, number>;
	/** The folders files go to, each made once in the run. */
	folders: RunFolders;
	history: HistoryWriter;
	failed: FailedList;
	gate: LaneGate;
	segments: { connections: number; minSegmentBytes: number };
	/** The outage breaker: items in a row that failed because Civitai looked down. */
	breaker: BreakerState;
	/** Version lookups answered in batches by model lists (history rows); absent: one by one. */
	lookups?: BatchLookups;
	/** Whether the run's sidecar-repair lookups were paused by a failure that would repeat. */
	repairs: RepairLookups;
}
