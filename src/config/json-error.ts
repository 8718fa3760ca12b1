/**
 * Where a JSON text first goes wrong, and the likely reason, without quoting any of it: V8's own
 * message can quote the text around the error, which in a config file may be the API key.
 */
export type JsonProblem = "trailing_comma" | "single_quote" | "comment" | "ends_early" | "other";

export interface JsonSyntaxError {
	/** 1-based */
	line: number;
	/** 1-based, in characters */
	column: number;
	problem: JsonProblem;
}

class Stop {
	constructor(
		readonly at: number,
		readonly problem: JsonProblem,
	) {}
}

/** The first syntax error in `text` (a BOM already removed), or undefined when it is valid JSON. */
export function findJsonError(text: string): JsonSyntaxError | undefined {
	return scan(text);
}

/**
 * The 1-based line where the value at `path` starts (for a missing key: its nearest parent), or
 * undefined when the text is not valid JSON. Duplicate keys: the last one, as JSON.parse keeps.
 */
export function lineOf(text: string, path: readonly PropertyKey[]): number | undefined {
	let best = { depth: -1, at: 0 };
	const error = scan(text, (at, where) => {
		const depth = where.length;
		if (depth > path.length || !where.every((k, n) => String(k) === String(path[n]))) return;
		if (depth >= best.depth) best = { depth, at };
	});
	if (error || best.depth < 0) return undefined;
	return text.slice(0, best.at).split("\n").length;
}

function scan(text: string, onValue?: (at: number, path: readonly PropertyKey[]) => void): JsonSyntaxError | undefined {
	const path: PropertyKey[] = [];
	let i = 0;
	const fail = (problem?: JsonProblem): never => {
		if (problem) throw new Stop(i, problem);
		const c = text[i];
		if (c === undefined) throw new Stop(i, "ends_early");
		if (c === "'") throw new Stop(i, "single_quote");
		if (c === "/" && (text[i + 1] === "/" || text[i + 1] === "*")) throw new Stop(i, "comment");
		throw new Stop(i, "other");
	};
	const ws = () => {
		while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
	};
	const string = () => {
		i++; // the opening quote
		while (i < text.length) {
			const c = text[i]!;
			if (c === '"') {
				i++;
				return;
			}
			if (c === "\\") {
				const e = text[i + 1];
				if (e === "u") {
					if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail("other");
					i += 6;
				} else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
				else {
					i++;
					fail();
				}
				continue;
			}
			if (c < " ") fail("other");
			i++;
		}
		fail("ends_early");
	};
	const value = (): void => {
		ws();
		onValue?.(i, path);
		const c = text[i];
		if (c === "{") container("}", true);
		else if (c === "[") container("]", false);
		else if (c === '"') string();
		else literal();
	};
	/** A number, true, false or null. */
	const literal = () => {
		const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
		if (!m) fail();
		i += m![0].length;
	};
	const container = (close: string, object: boolean) => {
		let index = 0;
		i++;
		ws();
		if (text[i] === close) {
			i++;
			return;
		}
		for (;;) {
			ws();
			if (object) {
				if (text[i] !== '"') fail();
				const keyStart = i;
				string();
				path.push(onValue ? (JSON.parse(text.slice(keyStart, i)) as string) : "");
				ws();
				if (text[i] !== ":") fail();
				i++;
			} else path.push(index++);
			value();
			path.pop();
			ws();
			if (text[i] === ",") {
				i++;
				ws();
				if (text[i] === close) fail("trailing_comma");
				continue;
			}
			if (text[i] === close) {
				i++;
				return;
			}
			fail();
		}
	};
	try {
		value();
		ws();
		if (i < text.length) fail();
		return undefined;
	} catch (e) {
		if (!(e instanceof Stop)) return { line: 1, column: 1, problem: "other" }; // nested too deep to scan
		const before = text.slice(0, e.at).split("\n");
		return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1, problem: e.problem };
	}
}
