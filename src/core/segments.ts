/** One Range segment of a file: bytes [start, end] (inclusive), of which `done` from `start` are on disk. */
export interface Segment {
	start: number;
	end: number;
	done: number;
}

/** Split `size` bytes into at most `connections` segments of at least `minBytes` each. Pure. */
export function planSegments(size: number, connections: number, minBytes: number): Segment[] {
	const n = Math.max(1, Math.min(connections, Math.floor(size / Math.max(1, minBytes))));
	const base = Math.floor(size / n);
	const segments: Segment[] = [];
	for (let i = 0, start = 0; i < n; i++) {
		const len = i === n - 1 ? size - start : base;
		segments.push({ start, end: start + len - 1, done: 0 });
		start += len;
	}
	return segments.filter((s) => s.end >= s.start);
}

export function segmentLength(s: Segment): number {
	return s.end - s.start + 1;
}

/** A saved plan is usable only for the same size, with segments that tile the file exactly. */
export function validSegments(size: number, segments: readonly Segment[]): boolean {
	let next = 0;
	for (const s of segments) {
		if (s.start !== next || s.end < s.start || s.done < 0 || s.done > segmentLength(s)) return false;
		next = s.end + 1;
	}
	return next === size && segments.length > 0;
}
