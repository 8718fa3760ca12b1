/** Pure formatting of sizes, speeds and durations for people (binary units, as file managers on Linux). */
export function formatBytes(n: number): string {
	if (!Number.isFinite(n)) return "?";
	const units = ["B", "KiB", "MiB", "GiB", "TiB"];
	let v = n;
	let u = 0;
	while (Math.abs(v) >= 1024 && u < units.length - 1) {
		v /= 1024;
		u++;
	}
	return u === 0 ? `${v} B` : `${v.toFixed(v >= 100 ? 0 : 1)} ${units[u]}`;
}

export function formatSpeed(bytesPerSecond: number): string {
	return `${formatBytes(Math.round(bytesPerSecond))}/s`;
}

/** 5 s, 2:54, 1:02:03 */
export function formatDuration(ms: number): string {
	const total = Math.max(0, Math.round(ms / 1000));
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	if (h > 0) return `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
	if (m > 0) return `${m}:${String(s).padStart(2, "0")}`;
	return ms < 10_000 && ms % 1000 !== 0 ? `${(ms / 1000).toFixed(1)} s` : `${s} s`;
}

export function formatPercent(part: number, whole: number | null | undefined): string {
	if (!whole) return "?%";
	return `${((part / whole) * 100).toFixed(1)}%`;
}
