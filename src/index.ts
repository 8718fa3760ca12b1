/** civitai-dl as a library: the same engine the CLI uses. */
export { CivitaiClient } from "./civitai/client.js";
export { type ResolvedItem, resolveTarget } from "./civitai/resolve.js";
export { loadSettings, type Settings } from "./config/load.js";
export { type Category, categoryOf, priorityOf } from "./core/categories.js";
export { dedupeHistory, planRedownload } from "./core/plan.js";
export { decideRetry, parseRetryAfter } from "./core/retry-policy.js";
export { exitCodeFor, type RunSummary, summarize } from "./core/summary.js";
export { parseTarget, type Target } from "./core/targets.js";
export type { RunEvent } from "./download/events.js";
export type { RunItem, RunSettings } from "./download/run.js";
export { download, type EngineOptions, redownload } from "./engine.js";
export {
	CivdlError,
	ConfigError,
	CsvReadError,
	DownloadError,
	type ErrorCode,
	type ErrorKind,
	InterruptedError,
	TargetError,
	UsageError,
} from "./errors.js";
export type { HistoryRow } from "./history/columns.js";
export { readCsv } from "./history/csv-file.js";
export { acquireLock, LockTimeoutError, lockPathFor } from "./history/lock.js";
export { detectLang, type Lang, messages } from "./i18n/index.js";
export type { FailedLookup, HashedFile, IdentifiedFile, ImportEvent, ImportResult } from "./import/events.js";
export { hashCachePathFor, type ImportOptions, importLibrary } from "./import/import-library.js";
export { Notifier } from "./notify/notifier.js";
export type { NotifyEvent, Webhook, WebhookKind } from "./notify/payloads.js";
export type { Delivery } from "./notify/send.js";
export { dispatcherFor, type ProxySettings, proxyFromEnv } from "./platform/proxy.js";
export { DEFAULT_SIDECARS, type SidecarSettings } from "./sidecars/settings.js";
export { type SidecarOptions, type SidecarResult, type SidecarTarget, writeSidecars } from "./sidecars/write.js";
export { type CheckOptions, type CheckReport, checkForUpdates } from "./updates/check.js";
