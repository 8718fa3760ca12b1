/** civitai-dl as a library: the same engine the CLI uses. */
export { CivitaiClient } from "./civitai/client.js";
export { type ResolvedItem, resolveTarget } from "./civitai/resolve.js";
export { loadSettings, type Settings } from "./config/load.js";
export { type Category, categoryOf, priorityOf } from "./core/categories.js";
export { dedupeHistory, planRedownload } from "./core/plan.js";
export { decideRetry, parseRetryAfter } from "./core/retry-policy.js";
export { exitCodeFor, type RunSummary } from "./core/summary.js";
export { parseTarget, type Target } from "./core/targets.js";
export type { RunEvent } from "./download/events.js";
export type { RunItem, RunSettings } from "./download/run.js";
export { download, type EngineOptions, redownload } from "./engine.js";
export { ConfigError, DownloadError, type ErrorKind, InterruptedError, UsageError } from "./errors.js";
export type { HistoryRow } from "./history/columns.js";
export { readCsv } from "./history/csv-file.js";
