/**
 * Which runs tell the webhooks (issue 27 point 9): a `get` typed at a terminal is watched by the one
 * who typed it; a run nobody watches (cron, `schedule`) is the one to report. Pure.
 */

/** `notifications.when`: runs without a terminal (the default), every run, or only runs given `--notify`. */
export const NOTIFY_WHEN = ["unattended", "always", "never"] as const;
export type NotifyWhen = (typeof NOTIFY_WHEN)[number];

/**
 * Whether this run sends its webhooks: `--notify` / `--no-notify` (`flag`) decide for one run; else the
 * setting, `unattended` meaning a run with no terminal to read from (cron) or started by `schedule`.
 */
export function notifies(flag: boolean | undefined, when: NotifyWhen, unattended: boolean): boolean {
	if (flag !== undefined) return flag;
	return when === "always" || (when === "unattended" && unattended);
}
