/** Text on a terminal: escape codes removed, display columns counted (wide CJK characters are two), cut to fit. */

export function stripAnsi(s: string): string {
	// biome-ignore lint/suspicious/noControlCharactersInRegex: escape sequences are what it removes
	return s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
}

/** Display width of a string: East Asian wide characters take two columns. */
export function widthOf(s: string): number {
	let w = 0;
	for (const ch of s) {
		const c = ch.codePointAt(0)!;
		w +=
			c >= 0x1100 &&
			/[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u.test(ch)
				? 2
				: 1;
	}
	return w;
}

/** Cut to `max` display columns, with an ellipsis when cut; pad to exactly `max` when `pad`. */
export function fit(s: string, max: number, pad = false): string {
	if (max <= 0) return "";
	let out = "";
	let w = 0;
	const total = widthOf(s);
	for (const ch of s) {
		const cw = widthOf(ch);
		if (w + cw > (total > max ? max - 1 : max)) break;
		out += ch;
		w += cw;
	}
	if (total > max) {
		// "~", not "…": an ambiguous-width character is two columns on some CJK terminals
		out += "~";
		w += 1;
	}
	return pad ? out + " ".repeat(Math.max(0, max - w)) : out;
}

/** Characters a line must not start with (Japanese kinsoku: closing brackets, punctuation, small kana, the long vowel mark). */
const NO_START = new Set([
	..."、。，．・：；？！ー）］｝〕〉》」』】〙〗〟’”ゝゞヽヾァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖ々〻〜～)]},.:;!?",
]);
/** Characters a line must not end with (opening brackets). */
const NO_END = new Set([..."（［｛〔〈《「『【〘〖〝‘“([{"]);

/** Text as tokens a line may break between: a run of spaces, a word of narrow characters, or one wide character. */
function tokens(line: string): string[] {
	const out: string[] = [];
	for (const ch of line) {
		const last = out[out.length - 1];
		const space = ch === " ";
		const wide = isWide(ch);
		if (last !== undefined && !wide && ((space && last.endsWith(" ")) || (!space && !last.endsWith(" ") && !isWide(last)))) {
			out[out.length - 1] = last + ch;
		} else out.push(ch);
	}
	return out;
}

/** One character that stands alone (a line may break before or after it): a wide one, or a non-ASCII bracket or mark. */
const isWide = (t: string) => [...t].length === 1 && (widthOf(t) === 2 || (t.charCodeAt(0) > 0x7f && (NO_START.has(t) || NO_END.has(t))));

/**
 * Lines of at most `width` display columns (issue 27, point 7): English breaks at spaces, Japanese
 * between characters (a line never starts with a closing bracket or punctuation, nor ends with an
 * opening bracket), a word longer than a line by characters. Spaces at a break are dropped.
 */
export function wrapText(text: string, width: number): string[] {
	const lines: string[] = [];
	for (const raw of text.split("\n")) {
		let cur: string[] = [];
		let w = 0;
		const push = () => {
			while (cur.length > 0 && cur[cur.length - 1]!.trim() === "") cur.pop();
			lines.push(cur.join(""));
			cur = [];
			w = 0;
		};
		for (const t of tokens(raw)) {
			const tw = widthOf(t);
			if (t.trim() === "" && cur.length === 0 && lines.length > 0 && raw !== "") continue; // no space at a line's start after a break
			if (w + tw <= width) {
				cur.push(t);
				w += tw;
				continue;
			}
			if (t.trim() === "") {
				push();
				continue;
			}
			// what moves to the next line with `t`: the token before a closing mark, an opening mark before it
			const carry: string[] = [];
			if (NO_START.has([...t][0]!) && cur.length > 1 && cur[cur.length - 1]!.trim() !== "") carry.unshift(cur.pop()!);
			while (cur.length > 1 && NO_END.has([...cur[cur.length - 1]!].pop()!)) carry.unshift(cur.pop()!);
			if (cur.length > 0) push();
			for (const c of [...carry, t]) {
				if (w + widthOf(c) <= width) {
					cur.push(c);
					w += widthOf(c);
					continue;
				}
				// a word longer than a line: cut by characters
				for (const ch of c) {
					if (w + widthOf(ch) > width && cur.length > 0) push();
					cur.push(ch);
					w += widthOf(ch);
				}
			}
		}
		push();
	}
	return lines;
}
