/**
 * English messages. Every message is one whole sentence or label with named parameters, never
 * fragments joined in code, so that the Japanese catalogue can put the words in its own order.
 */
export const en = {
	// webhook notifications
	notifyTitleFinished: (p: { host: string }) => `civitai-dl on ${p.host}: the run finished`,
	notifyTitleFailed: (p: { host: string; failed: number }) =>
		`civitai-dl on ${p.host}: the run finished with ${p.failed} ${p.failed === 1 ? "failure" : "failures"}`,
	notifyTitleParked: (p: { host: string; parked: number }) =>
		`civitai-dl on ${p.host}: Civitai's daily download quota was reached; ${p.parked} ${p.parked === 1 ? "item is" : "items are"} parked`,
	notifyTitleInterrupted: (p: { host: string }) => `civitai-dl on ${p.host}: the run was interrupted`,
	notifyTitleDiskFull: (p: { host: string }) => `civitai-dl on ${p.host}: the run stopped because the disk is full`,
	notifyTitleItemFailed: (p: { host: string; name: string; kind: string }) => `civitai-dl on ${p.host}: ${p.name} failed (${p.kind})`,
	notifyTitleTest: (p: { host: string }) => `civitai-dl on ${p.host}: test message. Notifications are working.`,
	notifyCounts: (p: { succeeded: number; skipped: number; failed: number; parked: number; retries: number }) =>
		`Succeeded ${p.succeeded} · Skipped ${p.skipped} · Failed ${p.failed} · Parked ${p.parked} · Retries ${p.retries}`,
	notifyTotals: (p: { bytes: string; elapsed: string; rate: string }) => `Downloaded ${p.bytes} in ${p.elapsed}; success rate ${p.rate}`,
	notifyFailureLine: (p: { name: string; kind: string; message: string }) => `${p.name} (${p.kind}): ${p.message}`,
	notifyMoreFailures: (p: { count: number }) => `…and ${p.count} more in the failed list`,
	notifyFailedList: (p: { path: string }) => `Failed list: ${p.path}`,
	notifyRerun: (p: { path: string }) => `Re-run it with: civitai-dl redownload --from "${p.path}"`,
	labelSucceeded: () => "Succeeded",
	labelSkipped: () => "Skipped",
	labelFailed: () => "Failed",
	labelParked: () => "Parked",
	labelRetries: () => "Retries",
	labelDownloaded: () => "Downloaded",
	labelElapsed: () => "Elapsed",
	labelSuccessRate: () => "Success rate",
	labelFailures: () => "Failures",
	notApplicable: () => "n/a",
	// webhook delivery results
	notifySent: (p: { hook: string; attempts: number }) => `notified ${p.hook}${p.attempts > 1 ? ` (after ${p.attempts} attempts)` : ""}`,
	notifyNotSent: (p: { hook: string; attempts: number; reason: string }) =>
		`could not notify ${p.hook} after ${p.attempts} ${p.attempts === 1 ? "attempt" : "attempts"}: ${p.reason}; the run's result is unchanged`,
	notifyNoWebhooks: (p: { config: string }) =>
		`No webhooks are configured. Add one under "notifications.webhooks" in ${p.config}, e.g. {"kind": "discord", "url": "https://discord.com/api/webhooks/..."}.`,
	notifyHttpStatus: (p: { status: number }) => `the webhook answered HTTP ${p.status}`,
	notifyTimeout: (p: { seconds: number }) => `no answer within ${p.seconds} s`,
	notifyNetwork: (p: { code: string }) => `network error (${p.code})`,
	// the history lock
	lockWaiting: (p: { path: string; pid: string; timeout: string }) =>
		`Another civitai-dl run (pid ${p.pid}) is using ${p.path}; waiting up to ${p.timeout} for it to finish.`,
	lockTimeout: (p: { path: string; pid: string; timeout: string }) =>
		`Another civitai-dl run (pid ${p.pid}) still holds ${p.path} after ${p.timeout}; try again later or raise --lock-timeout.`,
	lockStaleTaken: (p: { path: string; pid: string }) =>
		`Took over the lock on ${p.path}: the civitai-dl run that held it (pid ${p.pid}) is gone.`,
	// schedule
	scheduleNextRuns: (p: { times: string }) => `Next runs: ${p.times}`,
	scheduleNextRun: (p: { time: string }) => `Next run: ${p.time}`,
	scheduleStarting: (p: { time: string; command: string }) => `[${p.time}] starting: ${p.command}`,
	scheduleFinished: (p: { time: string; code: number; meaning: string }) => `[${p.time}] finished with exit code ${p.code} (${p.meaning})`,
	scheduleSkipped: (p: { time: string; since: string }) =>
		`[${p.time}] skipped this scheduled run: the run started at ${p.since} is still going`,
	scheduleParkedFirst: (p: { path: string }) => `The last run was parked by the daily quota; picking up ${p.path} first.`,
	scheduleStopping: () => "Stopping the schedule after the current run ends (press Ctrl-C again to interrupt it).",
	scheduleStopped: (p: { runs: number }) => `Schedule stopped after ${p.runs} ${p.runs === 1 ? "run" : "runs"}.`,
	scheduleBadCron: (p: { cron: string; reason: string }) =>
		`"${p.cron}" is not a cron expression (${p.reason}); use 5 fields (minute hour day month weekday) or 6 with seconds first, e.g. "0 3 * * *".`,
	scheduleNoArgs: () => 'schedule needs the command to run after "--", e.g. civitai-dl schedule "0 3 * * *" -- redownload all --yes',
	scheduleNested: () => "schedule cannot run another schedule; give it a get or redownload command.",
	exitMeaning0: () => "everything downloaded or skipped",
	exitMeaning1: () => "some items failed",
	exitMeaning2: () => "usage or config error",
	exitMeaning3: () => "parked by the daily download quota",
	exitMeaning130: () => "interrupted",
	exitMeaningOther: () => "unexpected",
};

export type Messages = typeof en;
