import { en, type Messages } from "./en.js";

export type MsgKey = keyof Messages;
type ParamsOf<K extends MsgKey> = Parameters<Messages[K]> extends [infer P] ? P : undefined;

/** A message not yet put into words: its catalogue key and parameters. Errors carry one. */
export type Msg = { [K in MsgKey]: { key: K; params: ParamsOf<K> } }[MsgKey];

/** `msg("errNotFound", { ... })`: a typed message reference, worded later in the reader's language. */
export function msg<K extends MsgKey>(key: K, ...params: Parameters<Messages[K]>): Msg {
	return { key, params: params[0] } as Msg;
}

/** Put a message into words in a catalogue. */
export function word(m: Messages, x: Msg): string {
	return (m[x.key] as (p: unknown) => string)(x.params);
}

/** English words for a message: what `Error.message` holds for library users. */
export function english(x: Msg): string {
	return word(en, x);
}
