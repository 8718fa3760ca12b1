import type { ImageProblem, Messages, TargetProblem } from "./en.js";

const EXPECTED =
	"Civitai のモデル URL（https://civitai.com/models/ID）、ダウンロード URL（/api/download/models/V）、/model-versions/V、AIR（urn:air:sdxl:lora:civitai:ID@V）、model:ID、version:V、数字、user:名前またはクリエイターのページ、favorites:、画像（PNG・JPEG・WebP ファイル、ワークフローの .json、/images/ID）、または標準入力から読む -";

function targetProblem(p: TargetProblem): string {
	switch (p.why) {
		case "empty":
			return "空です";
		case "range":
			return "数字が範囲外です";
		case "air_source":
			return `AIR のソースが civitai ではなく "${p.source}" です`;
		case "air_model":
			return "AIR のモデル ID が数字ではありません";
		case "air_version":
			return "AIR のバージョンが数字ではありません";
		case "unknown_form":
			return "URL、AIR、ID のどれでもありません";
		case "bad_url":
			return "正しい URL ではありません";
		case "host":
			return `${p.host} は Civitai のホストではありません`;
		case "file_id":
			return "fileId が数字ではありません";
		case "model_id":
			return "モデル ID が数字ではありません";
		case "model_version_id":
			return "modelVersionId が数字ではありません";
		case "version_id":
			return "バージョン ID が数字ではありません";
		case "path":
			return `パス ${p.path} はモデル、モデルバージョン、ダウンロードのどのパスでもありません`;
		case "username":
			return `"${p.name}" は Civitai のユーザー名ではありません（英数字と _ . - のみ）`;
		case "user_path":
			return `パス ${p.path} はクリエイターのモデル一覧（/user/名前 または /user/名前/models）ではありません`;
		case "image_id":
			return "画像 ID が数字ではありません";
		case "collections":
			return "Civitai の公開 API はコレクションに入ったモデルの一覧を返さない（GET /api/v1/collections/ID は名前と持ち主だけ）ため、civitai-dl はコレクションをダウンロードできません。各モデルの URL を指定してください";
		case "favorites":
			return "favorites: のコロンの後には何も書きません（API キーの持ち主のお気に入りです）";
	}
}

function imageProblem(p: ImageProblem): string {
	switch (p.why) {
		case "too_big":
			return `${p.limitMiB} MiB より大きいファイルです`;
		case "unreadable":
			return `読めません（${p.code}）`;
		case "not_image":
			return "PNG・JPEG・WebP の画像でも ComfyUI のワークフロー .json でもありません";
		case "truncated":
			return "チャンクの途中でファイルが終わっています（壊れているか途中で切れています）";
		case "chunk_too_big":
			return `${p.chunk} チャンクの大きさが${p.bytes}バイトとなっていて、civitai-dl が読む上限（またはファイルの大きさ）を超えています`;
		case "bad_crc":
			return `${p.chunk} チャンクの CRC が合いません（壊れているか偽造されています）`;
		case "too_many_chunks":
			return `チャンクが${p.max}個を超えています`;
		case "text_too_big":
			return `"${p.key}" のテキストが ${p.limitMiB} MiB を超えています`;
		case "bad_text":
			return `"${p.key}" のテキストを復号できません`;
		case "json_too_deep":
			return `"${p.key}" の JSON が${p.max}段より深く入れ子になっています`;
		case "json_bad":
			return `"${p.key}" の JSON が壊れています`;
		case "too_many_entries":
			return `"${p.key}" の項目が${p.max}件を超えています`;
		case "bad_exif":
			return "EXIF データが壊れています";
		case "no_metadata":
			return "生成情報がありません（A1111/Forge の parameters も、ComfyUI の prompt・workflow も、EXIF の UserComment もありません）";
	}
}

/** ネットワークの失敗のコード（システムや undici のもの）を言葉で。知らないコードはそのまま。 */
function netWords(code: string): string {
	switch (code) {
		case "UND_ERR_SOCKET":
		case "UND_ERR_CLOSED":
			return "サーバーが接続を閉じました";
		case "ECONNRESET":
			return "接続がリセットされました";
		case "EPIPE":
		case "ECONNABORTED":
			return "接続が途中で切れました";
		case "ECONNREFUSED":
			return "接続を拒否されました";
		case "ENOTFOUND":
			return "ホスト名が見つかりません（DNS）";
		case "EAI_AGAIN":
			return "ネームサーバーが応答しません（DNS）";
		case "ETIMEDOUT":
		case "UND_ERR_CONNECT_TIMEOUT":
			return "接続に時間がかかりすぎました";
		case "UND_ERR_HEADERS_TIMEOUT":
		case "timeout":
			return "サーバーが時間内に応答しませんでした";
		case "UND_ERR_BODY_TIMEOUT":
			return "サーバーからの送信が止まりました";
		case "EHOSTUNREACH":
		case "ENETUNREACH":
		case "ENETDOWN":
			return "ネットワークまたはホストに到達できません";
		case "UND_ERR_RES_CONTENT_LENGTH_MISMATCH":
			return "サーバーが予告と違う長さを送ってきました";
		case "EPROTO":
			return "安全な接続（TLS）に失敗しました";
		case "CERT_HAS_EXPIRED":
		case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
		case "DEPTH_ZERO_SELF_SIGNED_CERT":
		case "SELF_SIGNED_CERT_IN_CHAIN":
		case "ERR_TLS_CERT_ALTNAME_INVALID":
			return `サーバーの TLS 証明書を受け入れられませんでした（${code}）`;
		default:
			return code;
	}
}

/**
 * ISO の日時を読める形に: 「2027年3月1日」、0時（UTC）でなければ「2027年3月1日 15:30（UTC）」。
 * 日時でないものはそのまま。
 */
function dateOf(iso: string): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(iso.trim());
	if (!m) return iso;
	const day = `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
	return m[4] !== undefined && `${m[4]}:${m[5]}` !== "00:00" ? `${day} ${m[4]}:${m[5]}（UTC）` : day;
}

/** 「a、b、c ほか4件」: 質問で挙げる名前。 */
function listed(names: readonly string[], more: number): string {
	return `${names.join("、")}${more > 0 ? ` ほか${more}件` : ""}`;
}

/** 「4.0 MiB」、または「4.0 MiB とサイズ不明の2件」。 */
const sized = (size: string, unknown: number) => `${size}${unknown > 0 ? ` とサイズ不明の${unknown}件` : ""}`;

/** 日本語のメッセージ。キーと引数は en.ts と同じで、語順は文ごとに日本語に合わせる。 */
export const ja: Messages = {
	errTarget: (p) => `"${p.input}" は対象として使えません（${targetProblem(p.problem)}）。指定できるのは ${EXPECTED}です。`,
	errAmbiguousNumber: (p) =>
		`${p.id} はモデル ${p.id}（"${p.modelName}"）でもあり、"${p.versionModelName}" のバージョン ${p.id} でもあります。model:${p.id} か version:${p.id} と書いてください。`,
	errNoSuchId: (p) => `Civitai に ID ${p.id} のモデルもバージョンもありません。`,
	errNotAVersionOf: (p) => `バージョン ${p.versionId} はモデル ${p.modelId}（${p.modelName}）のバージョンではありません。`,
	errNoPublishedVersion: (p) => `モデル ${p.modelId} には公開されたバージョンがありません。`,
	errVersionUnavailable: (p) => `バージョン ${p.versionId} は Civitai で ${p.mode} の状態で、ダウンロードできるファイルがありません。`,
	errNoSuchFile: (p) => `バージョン ${p.versionId} にファイル ${p.fileId} はありません（ファイル: ${p.files || "なし"}）。`,
	errNoMatchingFile: (p) => `バージョン ${p.versionId} に ${p.selector} に合うファイルはありません。`,
	errNoFiles: (p) => `バージョン ${p.versionId} にはファイルがありません。`,
	errHistoryUrl: (p) => `履歴の URL "${p.url}" は Civitai の対象ではなく、この行にはバージョン ID もありません。`,
	errNoTarget: (p) => `"${p.label}" から何をダウンロードすればよいか分かりません。`,
	errAuth401: (p) =>
		`Civitai がダウンロードを拒否しました（401）: 「${p.message}」。${!p.hint ? "" : p.keySent ? "API キーは送信されましたが拒否されました。キーが正しく、無効化されていないか確認してください（civitai-dl doctor で確認できます）。" : "API キーを設定してください（CIVITAI_API_KEY または config.json の api_key）。"}`,
	errEarlyAccess: (p) =>
		p.until
			? `このバージョンは${dateOf(p.until)}まで早期アクセス限定です（403）: ${p.message}`
			: `このバージョンは早期アクセス限定です（403）: ${p.message}`,
	// paid and early access (issue 15)
	errPaidAccess: (p) => `このバージョンは有料アクセスです。Civitai で購入するとダウンロードできます（403）: ${p.message}`,
	planEarlyAccess: (p) => (p.until ? `${dateOf(p.until)}まで早期アクセス` : "早期アクセス"),
	planPaid: () => "有料",
	errForbidden: (p) => `Civitai がアクセスを拒否しました（403）: ${p.message}`,
	errNotFound: (p) => `Civitai に見つかりません（404）: ${p.message}`,
	errArchived: (p) => `このモデルはアーカイブされています（410）: ${p.message}`,
	errRegion: (p) => `お住まいの地域では利用できません（451）: ${p.message}`,
	errQuota: (p) => `Civitai の1日のダウンロード上限に達しました（429）: ${p.message}`,
	errRateLimited: (p) => `Civitai のレート制限を受けました（429）: ${p.message}`,
	errUnavailable: (p) => `Civitai が利用できないか混み合っています（503）: ${p.message}`,
	errGateway: (p) => `Civitai のゲートウェイエラーです（${p.status}）: ${p.message}`,
	errHttp: (p) => `Civitai が ${p.status} を返しました: ${p.message}`,
	errNotJson: (p) => `${p.url} が JSON を返しませんでした（--base-url は Civitai のサーバーですか？）`,
	errBadJson: (p) => `${p.url} が壊れた JSON を返しました`,
	errJsonTooBig: (p) =>
		`${p.url} が ${p.limitMiB} MiB を超える JSON を返したため、読むのをやめました（--base-url は Civitai のサーバーですか？）。`,
	errBadShape: (p) => `${p.url} が使えない JSON を返しました: "${p.field}" の型が違うか、値がありません。`,
	errApiTooSlow: (p) => `${p.url} が${p.seconds}秒以内に応答を終えませんでした（送信が遅すぎます）。`,
	errJsonTooDeep: (p) =>
		`${p.url} が${p.max}段より深く入れ子になった JSON を返したため、拒否しました（--base-url は Civitai のサーバーですか？）。`,
	errJsonTooMany: (p) =>
		`${p.url} が "${p.field}" に${p.max}件を超える項目を返したため、拒否しました（--base-url は Civitai のサーバーですか？）。`,
	errHugeHeader: (p) => `${p.host} が受け付けられないほど大きな応答ヘッダーを送ってきたため、拒否しました。`,
	errKeyInRedirect: (p) => `API キーをアドレスに含む ${p.host} へのリダイレクトを拒否しました。キーはそこへ送っていません。`,
	errCannotReach: (p) => `${p.host} に接続できません（${netWords(p.code)}）。`,
	errConnectionLost: (p) => `${p.size} 受信したところで接続が切れました（${netWords(p.code)}）。`,
	errRedirectNoLocation: (p) => `${p.host} が Location ヘッダーのないリダイレクト（${p.status}）を返しました。`,
	errRedirectScheme: (p) => `${p.target} へのリダイレクトには従いません。`,
	errLoginRedirect: () =>
		"Civitai がダウンロードをログインページへリダイレクトしました。このモデルには API キーが必要です（CIVITAI_API_KEY または設定ファイルの api_key）。",
	errStorage: (p) => `ストレージ ${p.host} が ${p.status} を返しました: ${p.message}`,
	errTooManyRedirects: (p) => `${p.url} のリダイレクトが${p.max}回を超えました。`,
	errLoginPage: (p) => `Civitai がファイルの代わりにログインページを返しました（${p.message}）。このモデルには API キーが必要です。`,
	errNotAFile: (p) => `サーバーがファイルの代わりに ${p.contentType} を返しました: ${p.message}`,
	errUnexpectedStatus: (p) => `ファイルの取得で想定外の応答（${p.status}）を受け取りました。`,
	errRangeOffered: (p) =>
		`ファイルの${p.from}〜${p.to}バイト目を要求しましたが、サーバーは別の範囲（${p.offered}バイト）を返したため、拒否しました。`,
	errLengthOffered: (p) => `サーバーが示したサイズは${p.offered}バイトですが、Civitai の記載は${p.want}バイトです。`,
	errSlow: (p) => `ダウンロード速度が${p.seconds}秒間 ${p.thresholdKiB} KiB/s を下回りました（${p.rateKiB} KiB/s）。`,
	errClosedEarly: (p) => `${p.expected}バイト中${p.bytes}バイトで接続が閉じられました。`,
	errTooLong: (p) => `サーバーが Civitai の記載（${p.expected}バイト）より多く送ってきたため、受信をやめて途中のファイルを削除しました。`,
	errLongerThanLength: (p) =>
		`サーバーが自ら示したサイズ（${p.length}バイト）より多く送ってきたため、受信をやめて途中のファイルを削除しました。`,
	errBodyTooLarge: (p) =>
		`Civitai もサーバーもファイルのサイズを示さず、${p.bytes}バイトを超えたため、受信をやめて途中のファイルを削除しました。`,
	errNoSpace: (p) =>
		`${p.dir} の空き容量が ${p.name} に足りません。必要なのは ${p.need} で、空きは ${p.free} です。容量を空けるか、別のフォルダーを指定してください（--output）。`,
	errDiskFull: (p) => `${p.path} に書き込めません: ディスクがいっぱいです。`,
	errFileTooBig: (p) =>
		`${p.path} に書き込めません: このファイルシステムにはこの大きさのファイルを置けません（EFBIG）。FAT32 に置けるファイルは 4 GiB までです。ドライブを exFAT か NTFS でフォーマットするか、このモデルを別のディスクに保存してください（--output）。`,
	errFat32Limit: (p) =>
		`${p.name}（${p.size}）は ${p.dir} に保存できません: このフォルダーは FAT32 上にあり、置けるファイルは 4 GiB までです。ダウンロードはしていません。ドライブを exFAT か NTFS でフォーマットするか、このモデルを別のディスクに保存してください（--output）。`,
	errDiskFullUnsized: (p) =>
		`${p.path} に書き込めません: ディスクがいっぱいです。Civitai もサーバーもファイルのサイズを示さなかったため、受信した分は再開に使えず、削除して容量を戻しました。`,
	errDisk: (p) => `${p.path} に書き込めません: ${p.code}。`,
	errDiskDenied: (p) =>
		`${p.path} に書き込めません: 権限がありません。そのフォルダーに書き込み権限を与えるか、別のフォルダーを選んでください（--output）。`,
	errDiskReadOnly: (p) =>
		`${p.path} に書き込めません: 読み取り専用のファイルシステムです。書き込み可能にマウントし直すか、別のフォルダーを選んでください（--output）。`,
	errDiskIsDir: (p) =>
		`${p.path} に書き込めません: 同じ名前のフォルダーがあります。そのフォルダーを移動してから、もう一度実行してください。`,
	errDiskNotDir: (p) =>
		`${p.path} に書き込めません: パスの途中がフォルダーではなくファイルです。download_paths か --output を直してください。`,
	errWriteFull: (p) =>
		`${p.path} を書き込めませんでした: ディスクがいっぱいです（またはディスク容量の割り当てを使い切っています）。何も置き換えていません。元のファイルがあればそのままです。容量を空けてから、もう一度実行してください。`,
	errWriteTooBig: (p) =>
		`${p.path} を書き込めませんでした: そのファイルシステムが扱えるより大きなファイルです。何も置き換えていません。元のファイルがあればそのままです。`,
	errPartialLinked: (p) =>
		`${p.path} の続きはダウンロードしません: 別のファイルの名前でもあり（ハードリンク）、civitai-dl は自分のものでないファイルに書き込むことはありません。削除してから、もう一度実行してください。`,
	errWriteLink: (p) =>
		`${p.path} には書き込みません: シンボリックリンクであり、civitai-dl はリンクの先に書き込むことはありません。civitai-dl に書き込ませたい場合は、リンクを削除してください（または通常のファイルを置いてください）。`,
	errClaimBusy: (p) =>
		`--lock-timeout を過ぎても別の civitai-dl（pid ${p.pid}）が ${p.name} をダウンロード中でした（${p.path}）。二重にはダウンロードしていません。そちらが終わってからもう一度実行してください。`,
	errHistoryFull: (p) =>
		`${p.name} を履歴 ${p.path} に記録できませんでした: 履歴のあるディスクがいっぱいです。履歴のこれまでの行はすべて残っており、ファイル自体も所定の場所にあります。空き容量ができれば、次回の実行がそのファイルを見つけて記録します。`,
	errHashMismatch: (p) => `${p.name} の SHA-256 が一致しません（期待値 ${p.expected}、実際 ${p.got}）。途中のファイルは削除しました。`,
	errHashThreadStopped: (p) =>
		`このコンピューター上の civitai-dl のハッシュ計算スレッドが停止しました（${p.code}）。ネットワークの問題ではありません。何も削除していません。もう一度実行すれば、ダウンロードは途中のファイルから再開します。`,
	errSamePath: (p) =>
		`${p.path} も、それと区別するための名前も、すべて別のファイルが使っています。上書きはしません（--output で分けてください）。`,
	warnPathOutside: (p) =>
		`リストが ${p.name} に指定したパス ${p.path} はダウンロードフォルダーの外にあるため、ファイルは種類ごとのフォルダーに保存します。`,
	warnForeignPaths: (p) =>
		`履歴の${p.count}行が別のシステムで書かれたパス（例: ${p.example}）を指しています。それぞれのファイルは、このマシンの種類ごとのフォルダーで、行に記録されたファイル名で探します。`,
	warnNoConfig: (p) =>
		p.models === null
			? `設定ファイルが見つからないため（${p.config}）、civitai-dl は履歴をこのフォルダー ${p.folder} に保存します: ${p.history}。保存先を決めるには \`civitai-dl config init\` を実行してください。`
			: `設定ファイルが見つからないため（${p.config}）、civitai-dl はこのフォルダー ${p.folder} に書き込みます: モデルは ${p.models}、履歴は ${p.history} です。保存先（UI のモデルフォルダーなど）を決めるには \`civitai-dl config init\` を実行してください。`,
	warnNotOurs: (p) =>
		`${p.path} はすでにあり、civitai-dl がダウンロードしたものではありません（履歴に行がなく、中身もこのファイルと異なります）。そのまま残し、ダウンロードは ${p.name} として保存します。置き換えるには --force を付けてください。`,
	warnHistoryDiskFull: (p) =>
		`履歴 ${p.path} のあるディスクがいっぱいです。履歴に何も記録できないため、何もダウンロードせず、すべての項目を保留にします。容量を空けてから、同じコマンドをもう一度実行してください。`,
	warnFailedList: (p) =>
		`失敗リスト ${p.path} を書き込めませんでした（${p.code}）。失敗した項目は上に表示しています。容量を空けてから（またはフォルダーを直してから）、同じコマンドをもう一度実行してください。`,
	errInterrupted: () => "中断しました。次回の実行で続きから再開します（途中のファイルは残してあります）",
	parkedQuota: () =>
		"Civitai の1日のダウンロード上限に達しました。後でこのリストを `civitai-dl redownload --from` に渡して実行してください",
	parkedDisk: () => "ディスクがいっぱいです",
	parkedOutage: () =>
		"Civitai が停止しているか、接続できないようです（ネットワークまたはサーバーのエラーで続けて失敗しました）。後でこのリストを `civitai-dl redownload --from` に渡して実行してください",
	parkedInterrupted: () => "実行が中断されました",
	csvNoHeader: (p) => `${p.file} の1行目は url と model_type の列を持つヘッダーではないため、通常の履歴の列として読みます。`,
	csvEncoding: (p) => `${p.file} は UTF-8 ではなく ${p.encoding} です（${p.line}行目から）。${p.encoding} として読みます。`,
	csvUnreadable: (p) => `${p.file} を読めません（${p.code}）。権限を確認してください。`,
	csvTooBig: (p) => `${p.file} は ${p.limitMiB} MiB を超えており、ダウンロードの一覧としては大きすぎます。読み込みません。`,
	csvNotRegular: (p) => `${p.file} は通常のファイルではありません（リンク、FIFO またはデバイス）。読み込みません。`,
	csvIsFolder: (p) => `${p.file} は CSV ファイルではなくフォルダーです。`,
	csvHistoryIsFolder: (p) =>
		`${p.file} は CSV ファイルではなくフォルダーです。これは履歴ファイルです（設定の history_file: civitai-dl config show で確認できます）。`,
	csvUnwritable: (p) => `履歴 ${p.file} に書き込めません（${p.code}）。設定の history_file と、そのフォルダーの権限を確認してください。`,
	csvMoreSkipped: (p) => `${p.file}: ほかにも${p.count}行を同じような理由で読み飛ばしました。`,
	csvNotText: (p) => `${p.file} の${p.line}行目を読み飛ばします: 文字ではないバイトが含まれています。`,
	csvBadLine: (p) => `${p.file} の${p.line}行目を読み飛ばします: ${p.detail}`,
	csvCellCount: (p) => `${p.file} の${p.line}行目を読み飛ばします: 列が${p.expected}個あるはずですが、${p.found}個です。`,
	csvUnfinished: (p) => `${p.file} の${p.line}行目を読み飛ばします: 行が途中で切れています（引用符が閉じていません）。`,
	cfgUnreadable: (p) => `設定ファイル ${p.path} を読めません（${p.code}）。`,
	cfgNotJson: (p) =>
		`${p.path} の${p.line}行${p.column}文字目が正しい JSON ではありません。ファイルを直すか、--config で別のファイルを指定してください。`,
	cfgJsonTrailingComma: (p) =>
		`${p.path} の${p.line}行${p.column}文字目: JSON では閉じかっこの直前にカンマを置けません。そのカンマを消してください。`,
	cfgJsonSingleQuote: (p) => `${p.path} の${p.line}行${p.column}文字目: JSON では一重引用符ではなく二重引用符 ("...") を使ってください。`,
	cfgJsonComment: (p) => `${p.path} の${p.line}行${p.column}文字目: JSON にはコメントを書けません。消してください。`,
	cfgJsonEndsEarly: (p) => `${p.path} は JSON の途中（${p.line}行${p.column}文字目）で終わっています。閉じ引用符かかっこが足りません。`,
	cfgNotObject: (p) => `${p.path} には {"api_key": "...", "download_paths": {...}} のような JSON オブジェクトを書いてください。`,
	cfgInvalid: (p) =>
		`${p.path}${p.line === null ? "" : ` の${p.line}行目`}: "${p.key}" が ${p.hidden ? "（非表示）" : (p.value ?? "未設定")} です。${p.problem}。`,
	cfgMissingNamed: (p) =>
		`設定ファイル ${p.path}（${p.source} で指定）がありません。\`civitai-dl config init\` で作るか、指定を外してユーザーごとの設定を使ってください。`,
	// civitai.red (issue 15)
	cfgBadRedBaseUrlEnv: (p) => `CIVITAI_RED_BASE_URL が "${p.value}" です。https://civitai.red のような http(s) の URL にしてください。`,
	cliBadRedBaseUrl: (p) => `--red-base-url "${p.value}" は https://civitai.red のような http(s) の URL にしてください。`,
	helpOptRedBaseUrl: () =>
		"成人向けの Civitai サイト。base_url が 404 を返したときに試します（既定: civitai.com なら https://civitai.red。環境変数 CIVITAI_RED_BASE_URL）",
	cfgBadBaseUrlEnv: (p) => `CIVITAI_BASE_URL が "${p.value}" です。https://civitai.com のような http(s) の URL にしてください。`,
	cfgLayoutNoRoot: (p) =>
		`"layout" が "${p.layout}" ですが "root" がありません。"root" に ${p.layout} のフォルダーを設定してください（または --root を指定）。`,
	cfgUnknownKey: (p) =>
		p.suggestion
			? `${p.path}${p.line === null ? "" : ` の${p.line}行目`}: 不明なキー "${p.key}" は無視します。"${p.suggestion}" のことですか？`
			: `${p.path}${p.line === null ? "" : ` の${p.line}行目`}: 不明なキー "${p.key}" は無視します（使えるキー: ${p.known}）。`,
	cfgBadDelays: (p) => `${p.flag} "${p.text}" は 60,180,300 のように秒数をカンマで区切って指定してください。`,
	runItems: (p) => `${p.total}件を処理します。`,
	runItemStart: (p) =>
		`[${p.index}/${p.total}] ${p.name}（${p.category}、${p.size ?? "サイズ不明"}）${p.resumeAt ? `、${p.resumeAt} から再開` : ""} -> ${p.path}`,
	runProgress: (p) => `[${p.index}] ${p.name}: ${p.percent}  ${p.done} / ${p.total ?? "?"}  ${p.speed}${p.eta ? `  残り${p.eta}` : ""}`,
	runRetry: (p) => `[${p.index}] ${p.name}: ${p.delay}後に再試行します（${p.max}回中${p.retry}回目）: ${p.reason}`,
	runPacing: (p) => `  次のダウンロードまで${p.delay}待ちます`,
	runPacingItem: (p) => `[${p.index}] ${p.name}: ダウンロード要求まで${p.delay}待ちます`,
	runSkipped: (p) => `[${p.index}] スキップ ${p.name}: すでにあります`,
	runSkippedAt: (p) => `[${p.index}] スキップ ${p.name}: すでに ${p.path} にあります`,
	runSameFile: (p) => `[${p.index}] ${p.name} は [${p.sameAs}] と同じファイルです。ダウンロードは一度だけです`,
	runVersionPicked: (p) =>
		`[${p.index}] ${p.model}: ダウンロードできる最新の ${p.version} を取得します。取得しない新しいバージョン: ${p.passed
			.map((v) => `${v.version}（${v.permanent ? "有料" : v.until ? `${dateOf(v.until)}まで早期アクセス` : "早期アクセス"}）`)
			.join("、")}（購入済みのアクセスを使うには version:<id> を指定してください）`,
	runDone: (p) =>
		`[${p.index}] 完了 ${p.name}: ${p.size}、${p.verified ? "SHA-256 検証済み" : "未検証（ハッシュ不明または --no-verify）"}${p.retries > 0 ? `、${p.retries}回の再試行後` : ""}`,
	runDoneDetail: (p) => `    ${p.path}\n    sha256 ${p.sha256}`,
	runFailed: (p) => `[${p.index}] 失敗 ${p.name}（${p.kind}）: ${p.message}`,
	runParked: (p) => `[${p.index}] 保留 ${p.name}（${p.kind}）: ${p.message}`,
	runPlanDownload: (p) => `[${p.index}] ダウンロード ${p.category.padEnd(11)} ${p.size.padStart(9)}  ${p.path}`,
	runPlanSkip: (p) => `[${p.index}] スキップ     ${p.category.padEnd(11)} ${p.size.padStart(9)}  ${p.path}（すでにあります）`,
	runPlanTotals: (p) =>
		`計画: ダウンロード${p.download}件（${p.bytes}${p.unknown > 0 ? ` とサイズ不明の${p.unknown}件` : ""}）、既存${p.skip}件${
			p.failed > 0 ? `、ダウンロードできないもの${p.failed}件` : ""
		}。何もダウンロードしていません（--dry-run）。`,
	warning: (p) => `警告: ${p.message}`,
	sumTitle: () => "結果",
	sumSucceeded: (p) => `  成功:         ${p.n}`,
	sumSkipped: (p) => `  スキップ:     ${p.n}`,
	sumFailed: (p) => `  失敗:         ${p.n}`,
	sumParked: (p) => `  保留:         ${p.n}`,
	sumRetries: (p) => (p.n === 0 ? "  再試行:       0" : `  再試行:       ${p.n}（再試行の後に成功${p.recovered}件）`),
	sumShort: (p) =>
		`結果: ダウンロード${p.succeeded}件、スキップ${p.skipped}件、失敗${p.failed}件${p.parked > 0 ? `、保留${p.parked}件` : ""}${p.retries > 0 ? `、再試行${p.retries}回` : ""}（${p.bytes}、${p.elapsed}）。`,
	sumTotal: (p) => `  合計:         ${p.n}`,
	sumRate: (p) => `  成功率:       ${p.rate ?? "該当なし（試行なし）"}`,
	sumDownloaded: (p) => `  ダウンロード: ${p.bytes}（${p.elapsed}）`,
	sumStoppedQuota: () => "  停止: Civitai の1日のダウンロード上限に達したため、残りは保留しました。",
	sumStoppedInterrupt: () => "  停止: 中断されました。途中のファイルは残してあり、次回続きから再開します。",
	sumStoppedDisk: () => "  停止: ディスクがいっぱいです。",
	sumStoppedOutage: () =>
		"  停止: Civitai が停止しているか接続できないようです（ネットワークまたはサーバーのエラーで続けて失敗しました）。残りは保留しました。",
	sumFailedList: (p) => `  失敗リスト:   ${p.path}`,
	sumRerun: (p) => `  再実行:       ${p.command}`,
	liveItems: (p) => `${p.total}件中${p.done}件`,
	liveOk: (p) => `成功${p.n}`,
	liveSkipped: (p) => `スキップ${p.n}`,
	liveFailed: (p) => `失敗${p.n}`,
	liveParked: (p) => `保留${p.n}`,
	liveEta: (p) => `残り${p.eta}`,
	liveRetrying: (p) => `${p.why}、${p.countdown}後に再試行（${p.retry}/${p.max}）`,
	livePacing: (p) => `次の要求まで${p.countdown}`,
	liveConnecting: () => "接続中",
	liveWhyRateLimited: () => "レート制限",
	liveWhySlow: () => "速度制限",
	liveWhyNetwork: () => "接続切れ",
	liveWhyOther: () => "失敗",
	cliBadNumber: (p) => `${p.flag} には0以上の数を指定してください（"${p.value}" は使えません）。`,
	cliBadInt: (p) => `${p.flag} には1以上の整数を指定してください（"${p.value}" は使えません）。`,
	cliBadChoice: (p) => `${p.flag} には ${p.choices} のどれかを指定してください（"${p.value}" は使えません）。`,
	cliBadRange: (p) => `${p.flag} には1から${p.max}までの整数を指定してください（"${p.value}" は使えません）。`,
	cliBadCategory: (p) => `"${p.value}" はカテゴリーではありません（${p.categories}）。`,
	cliBadBaseUrl: (p) => `--base-url "${p.value}" は https://civitai.com のような http(s) の URL にしてください。`,
	cliBadTz: (p) => `--tz "${p.tz}" はタイムゾーンではありません。Asia/Tokyo や UTC のような名前を指定してください。`,
	cliRedownloadArgs: () => "redownload には all、対象、--from <csv> のどれか一つだけを指定してください。",
	cliNoSuchFile: (p) => `${p.path} がありません。`,
	cliNoRows: (p) => `${p.path} にはダウンロードする行がありません。`,
	cliHistoryUnreadable: (p) => `${p.why} これは履歴ファイルです（設定の history_file: civitai-dl config show で確認できます）。`,
	cliEmptyHistory: (p) => `履歴 ${p.path} は空です。先に \`civitai-dl get\` で何かダウンロードしてください。`,
	cliNoTerminal: (p) =>
		`redownload all は${p.present > 0 ? `${p.of}件のうち、まだない` : ""}${p.count}件（${sized(p.size, p.unknown)}）をダウンロードします。確認する端末がないため、実行するには --yes を付けてください。`,
	cliConfirm: (p) =>
		`${p.present > 0 ? `${p.path} の${p.of}件のうち${p.present}件はすでにあります。残りの` : `${p.path} の`}${p.count}件（${sized(p.size, p.unknown)}: ${listed(p.names, p.more)}）を再ダウンロードしますか？ [y/N] `,
	cliNothingDownloaded: () => "何もダウンロードしませんでした。",
	cliUnexpected: (p) => `想定外のエラー: ${p.message}${p.verbose ? "" : "（詳しくは --verbose を付けて実行してください）"}`,
	cliStopping: () => "後始末をしてから停止します（すぐに終了するには、もう一度 Ctrl-C を押してください）。",
	cliUnknownOption: (p) => `不明なオプション ${p.option} です${p.suggestion ? `。${p.suggestion} のことですか？` : ""}（--help を参照）`,
	cliUnknownCommand: (p) =>
		`不明なコマンド ${p.command} です${p.suggestion ? `。${p.suggestion} のことですか？` : ""}（civitai-dl --help を参照）`,
	cliMissingArgument: (p) => `${p.argument} がありません（--help を参照）`,
	cliOptionNeedsValue: (p) => `${p.option} には値が必要です（--help を参照）`,
	cliTooManyArguments: (p) => `${p.command} の引数が多すぎます（--help を参照）`,
	historyEmpty: (p) => `履歴 ${p.path} は空です。`,
	historyCount: (p) => `${p.path} に${p.count}件あります`,
	unknownSize: () => "?",
	cfgShowFile: (p) => (p.found ? `設定ファイル: ${p.path}` : `設定ファイル: ${p.path}（ありません。既定値と環境変数を使用中）`),
	cfgSource: (p) => ({ default: "既定値", file: "設定ファイル", env: "環境変数", flag: "コマンドライン" })[p.source],
	cfgNotSet: () => "（未設定）",
	cfgShowLayoutWins: (p) =>
		`設定ファイルの download_paths は使われません。コマンドラインの --layout ${p.layout} が優先されます（コマンドライン > 環境変数 > 設定ファイル > 既定値）。`,
	cfgNone: () => "（なし）",
	cfgInitAskLayout: () => "モデルを置く UI はどれですか？ a1111、forge、comfyui のどれか、civitai-dl 独自のフォルダーなら none [none]: ",
	cfgInitAskRoot: (p) => `${p.layout} のインストール先フォルダー（models フォルダーがある場所）: `,
	cfgInitBadLayout: (p) => `"${p.value}" はレイアウトではありません。a1111、forge、comfyui、none のどれかで答えてください。`,
	cfgInitExists: (p) =>
		`${p.path} はすでにあります。置き換えるには --force を付けてください（元のファイルは ${p.path}.bak として残します）。`,
	cfgInitWrote: (p) => `${p.path} に書き込みました（読み書きできるのはあなたのユーザーだけです）。`,
	cfgInitNext: (p) =>
		p.keySet
			? "次に civitai-dl get <url> を実行してください。設定は civitai-dl config show で確認できます。"
			: "次に CIVITAI_API_KEY（またはファイルの api_key）を設定し、civitai-dl get <url> を実行してください。設定は civitai-dl config show で確認できます。",
	cfgInitNoRoot: (p) =>
		`${p.root} はフォルダーではありません（存在しないか、ファイルです）。${p.layout} のインストール先フォルダー（models フォルダーがある場所）を指定してください。`,
	cfgInitRootNeeded: (p) => `--layout ${p.layout} には --root <${p.layout} のインストール先フォルダー> が必要です。`,
	cfgInitRootNotGiven: (p) =>
		`フォルダーが入力されませんでした。${p.layout} のレイアウトには ${p.layout} のインストール先フォルダーが必要です。何も書き込んでいません。もう一度 civitai-dl config init を実行してください（レイアウトを使わない場合は最初の質問に none と答えます）。`,
	verifyOk: (p) => `正常           ${p.path}`,
	verifyMissing: (p) => `ファイルなし   ${p.path}`,
	verifySizeMismatch: (p) => `サイズ不一致   ${p.path}（${p.actual}バイト。履歴では${p.expected}バイト）`,
	verifyHashMismatch: (p) => `ハッシュ不一致 ${p.path}（SHA-256 ${p.actual}。履歴では ${p.expected}）`,
	verifyNoHash: (p) => `ハッシュ不明   ${p.path}（ファイルはありますが、比べるハッシュがありません）`,
	verifyProgress: (p) => `[${p.index}/${p.total}] ${p.name} のハッシュを計算中 ${p.percent}`,
	verifySummary: (p) =>
		`${p.elapsed}で${p.total}件を確認しました: 正常${p.ok}、ファイルなし${p.missing}、サイズ不一致${p.sizeMismatch}、ハッシュ不一致${p.hashMismatch}、ハッシュ不明${p.noHash}。`,
	verifyFailedList: (p) => `壊れたファイルの一覧は ${p.path} です。再ダウンロード: ${p.command}`,
	verifyEmpty: (p) => `履歴 ${p.path} は空なので、確認するものがありません。`,
	verifyErrMissing: () => "ファイルがありません",
	verifyErrSize: (p) => `ファイルが${p.expected}バイトではなく${p.actual}バイトです`,
	verifyErrHash: (p) => `SHA-256 が ${p.expected} ではなく ${p.actual} です`,
	helpTitle: (p) =>
		({
			"Usage:": "使い方:",
			"Options:": "オプション:",
			"Commands:": "コマンド:",
			"Arguments:": "引数:",
			"Global Options:": "共通オプション:",
		})[p.title] ?? p.title,
	helpExamples: () => "例:",
	helpProgram: () => "Civitai からモデルをダウンロードし、モデルライブラリーを欠けなく保ちます。",
	helpHelp: () => "コマンドのヘルプを表示します",
	helpVersion: () => "バージョンを表示します",
	helpGet: () => "モデルを今すぐダウンロードします（複数可）",
	helpRedownload: () => "履歴のすべてを優先順に、一件だけ、または失敗リストの行を再ダウンロードします",
	helpHistory: () => "履歴を重複を除いてファイルの順に表示します",
	helpVerify: () => "履歴のファイルをすべて再ハッシュします: 正常 / ファイルなし / サイズ不一致 / ハッシュ不一致 / ハッシュ不明",
	helpConfig: () => "設定ファイルのひな形を書き、有効な設定や設定ファイルのパスを表示します",
	helpConfigInit: () => "設定ファイルのひな形を書きます（端末では UI のレイアウトを尋ねます）",
	helpConfigShow: () => "有効な設定とその出どころをすべて表示します（API キーは伏せます）",
	helpConfigPath: () => "使用中の設定ファイルのパスを表示します",
	helpSchedule: () => "civitai-dl のコマンドを cron のスケジュールでフォアグラウンド実行します",
	helpNotify: () => "Webhook による通知を扱います",
	helpDoctor: () => "設定、API キー、API、フォルダー、履歴、Webhook を一行ずつ確認します",
	helpOptNotify: () => "Webhook にテストメッセージも送ります（既定: 一覧表示のみ）",
	helpExDoctor: () =>
		"  civitai-dl doctor                                              今夜の実行の準備ができているか確認\n  civitai-dl doctor --notify --json                              Webhook もテストし、結果を NDJSON で",
	helpNotifyTest: () => "設定したすべての Webhook にテストメッセージを送ります",
	helpArgTarget: () => "URL、AIR、model:ID、version:V、または数字",
	helpArgRedownload: () => "all、または対象一つ（URL、AIR、model:ID、version:V）",
	helpArgCron: () => "cron 式: 5フィールド（分 時 日 月 曜日）、先頭に秒を加えた6フィールド、または @daily",
	helpArgScheduleArgs: () => "-- の後に、実行する civitai-dl のコマンド",
	helpOptConfig: () => "設定ファイル（既定: ユーザーごとの設定フォルダー。環境変数 CIVITAI_DL_CONFIG）",
	helpOptBaseUrl: () => "Civitai 互換サーバー（既定: https://civitai.com。環境変数 CIVITAI_BASE_URL）",
	helpOptJson: () => "標準出力に NDJSON のイベントだけを出します（既定: オフ）",
	helpOptQuiet: () => "警告・失敗・再試行の通知と結果だけを表示します（既定: オフ）",
	helpOptVerbose: () => "詳しく表示し、想定外のエラーではスタックトレースも出します（既定: オフ）",
	helpOptNoProgress: () => "進捗バーを出さず、普通の行で表示します（既定: 端末ではバー）",
	helpOptNoColor: () => "色を付けません（既定: 端末では NO_COLOR がない限り色付き）",
	helpOptLang: () => "メッセージの言語: en または ja（既定: LC_ALL/LC_MESSAGES/LANG から。なければ en）",
	helpOptType: () => "このカテゴリーのフォルダーに保存します（既定: モデル自身のカテゴリー）",
	helpOptOutput: () => "このフォルダーに保存します（既定: カテゴリーのフォルダー）",
	helpOptFileId: () => "バージョンのうち、この ID のファイルをダウンロードします（既定: プライマリファイル）",
	helpOptForce: () => "ファイルがあってもダウンロードし、安全に置き換えます（既定: 既存ファイルはスキップ）",
	helpOptNoVerify: () => "SHA-256 を Civitai の値と比べません（既定: 検証あり）",
	helpOptDryRun: () => "計画（順番、カテゴリー、サイズ、保存先、スキップ）を表示し、何もダウンロードしません",
	helpOptSleep: () => "ダウンロード要求の間と、一件終わるごとに待つ秒数（既定: 5）",
	helpOptRetryDelays: () => "レート制限されたダウンロードを再試行する前に待つ秒数（既定: 60,180,300）",
	helpOptNetworkRetryDelays: () =>
		"ネットワークの失敗（DNS、接続拒否、切断、502、504、520〜530）の後に再試行する前に待つ秒数（既定: 10,30,90）",
	helpOptOutageAfter: () => "ネットワークまたはサーバーのエラーで続けてこの件数が失敗したら、残りを保留します。0で無効（既定: 3）",
	helpOptSpeedThreshold: () => "この速度を --slow-duration の間下回ると速度制限とみなします（既定: 10）",
	helpOptSlowDuration: () => "速度がしきい値を下回ってよい秒数（既定: 30）",
	helpOptFailedOut: () => "失敗リストの書き込み先（既定: 履歴と同じ場所の failed-<時刻>.csv）",
	helpOptConfigJson: () => "結果を1つの JSON オブジェクトで出力します",
	helpOptHistoryJson: () => "行を1つの JSON 配列で出力します（NDJSON ではありません）",
	helpOptNotifyRun: () => "端末から実行しても、この実行を Webhook に通知します（既定: notifications.when、端末のない実行のみ）",
	helpOptNoNotify: () => "この実行は Webhook に通知しません",
	helpOptLockTimeout: () => "別の civitai-dl による履歴への追記や、そちらがダウンロード中のファイルを待つ秒数（既定: 600）",
	helpOptLayout: () => "この UI のフォルダーにモデルを置きます: a1111、forge、comfyui（既定: download_paths）",
	helpOptFolderLayout: () =>
		"{type}: 各カテゴリーのフォルダーに保存、{type}/{base_model}: その中のベースモデルごとのサブフォルダーに保存（既定: folder_layout、{type}）",
	helpOptRoot: () => "--layout で使う UI のインストール先フォルダー（既定: 設定ファイルの root）",
	helpOptConcurrency: () => "同時にダウンロードする小さいファイル（チェックポイント以外）の数、1〜16（既定: 3）",
	helpOptConnections: () => "大きいファイル一つあたりの Range 接続数、1〜16（既定: 1。増やす前に docs/how-it-works.md を読んでください）",
	helpOptFrom: () => "失敗リスト、または履歴と同じ形式の CSV の行",
	helpOptYes: () => "確認せずに実行します（既定: 端末では確認あり）",
	helpOptTz: () => "cron 式のタイムゾーン。例: Asia/Tokyo（既定: このマシンのもの）",
	helpOptMaxRuns: () => "この回数だけ実行したら停止します（既定: Ctrl-C を押すまで続行）",
	helpOptInitForce: () => "既存の設定ファイルを置き換えます（元のファイルは .bak として残します）",
	helpOptVerifyFailedOut: () => "壊れたファイルを redownload --from で使える一覧として書き出します",
	helpExProgram: () =>
		"  civitai-dl get https://civitai.com/models/4384                 モデルを今すぐダウンロード\n  civitai-dl redownload all --yes                                履歴のすべてをチェックポイントから順に再ダウンロード",
	helpExGet: () =>
		"  civitai-dl get https://civitai.com/models/4384                 モデルの最新バージョンを検証付きで\n  civitai-dl get urn:air:sdxl:lora:civitai:706978@1050496 --dry-run   保存先だけを確認",
	helpExRedownload: () =>
		"  civitai-dl redownload all --yes                                履歴のすべてをチェックポイントから順に\n  civitai-dl redownload --from failed-20261127-030000.csv        前回失敗したものだけ",
	helpExHistory: () =>
		"  civitai-dl history                                             一件一行で表示\n  civitai-dl history --json > history.json                       スクリプト用",
	helpExVerify: () =>
		"  civitai-dl verify                                              記録されたファイルをすべて確認\n  civitai-dl verify --failed-out broken.csv && civitai-dl redownload --from broken.csv",
	helpExConfig: () =>
		"  civitai-dl config init --layout comfyui --root ~/ComfyUI      ComfyUI のフォルダーに保存する設定\n  civitai-dl config show                                         有効な設定とその出どころ",
	helpExConfigShow: () =>
		"  civitai-dl config show                                         有効な設定とその出どころ\n  civitai-dl config show --layout forge --root ~/forge --json    レイアウトを変えた場合の設定（JSON）",
	helpExConfigPath: () =>
		"  civitai-dl config path                                         設定ファイルを読む場所\n  civitai-dl config path --config ./test.json                    --config で指定したファイル（絶対パス）",
	helpExSchedule: () =>
		'  civitai-dl schedule "0 3 * * *" -- redownload all --yes        毎晩3:00に\n  civitai-dl schedule "0 */6 * * *" --tz Asia/Tokyo -- get model:4384 -q',
	helpExNotify: () =>
		"  civitai-dl notify test                                         Webhook ごとにテストメッセージを一通\n  civitai-dl notify test --json                                  結果を NDJSON で",
	notifyTitleFinished: (p) => `civitai-dl (${p.host}): 実行が完了しました`,
	notifyTitleFailed: (p) => `civitai-dl (${p.host}): 実行が完了しました（失敗${p.failed}件）`,
	notifyTitleParked: (p) => `civitai-dl (${p.host}): Civitai の1日のダウンロード上限に達したため、${p.parked}件を保留しました`,
	notifyTitleInterrupted: (p) => `civitai-dl (${p.host}): 実行が中断されました`,
	notifyTitleDiskFull: (p) => `civitai-dl (${p.host}): ディスクがいっぱいのため実行を停止しました`,
	notifyTitleOutage: (p) => `civitai-dl (${p.host}): Civitai が停止しているか接続できないため、${p.parked}件を保留しました`,
	notifyTitleItemFailed: (p) => `civitai-dl (${p.host}): ${p.name} のダウンロードに失敗しました（${p.kind}）`,
	notifyTitleTest: (p) => `civitai-dl (${p.host}): テストメッセージです。通知は正しく届いています。`,
	notifyCounts: (p) => `成功${p.succeeded} · スキップ${p.skipped} · 失敗${p.failed} · 保留${p.parked} · 再試行${p.retries}`,
	notifyTotals: (p) => `${p.elapsed}で${p.bytes}をダウンロード、成功率 ${p.rate}`,
	notifyFailureLine: (p) => `${p.name}（${p.kind}）: ${p.message}`,
	notifyMoreFailures: (p) => `…ほか${p.count}件は失敗リストにあります`,
	notifyFailedList: (p) => `失敗リスト: ${p.path}`,
	notifyReport: (p) => `ライブラリのページ: ${p.path}`,
	notifyRerun: (p) => `再実行: ${p.command}`,
	labelSucceeded: () => "成功",
	labelSkipped: () => "スキップ",
	labelFailed: () => "失敗",
	labelParked: () => "保留",
	labelRetries: () => "再試行",
	labelDownloaded: () => "ダウンロード量",
	labelElapsed: () => "経過時間",
	labelSuccessRate: () => "成功率",
	labelFailures: () => "失敗した項目",
	notApplicable: () => "該当なし",
	notifySent: (p) => `${p.hook} に通知しました${p.attempts > 1 ? `（${p.attempts}回目で成功）` : ""}`,
	notifyNotSent: (p) => `${p.hook} に${p.attempts}回試しましたが、通知できませんでした: ${p.reason}。実行の結果には影響しません`,
	notifyTestNotSent: (p) => `${p.hook} に${p.attempts}回試しましたが、テストメッセージを届けられませんでした: ${p.reason}`,
	notifyNoWebhooks: (p) =>
		`Webhook が設定されていません。${p.config} の "notifications.webhooks" に追加してください（例: {"kind": "discord", "url": "https://discord.com/api/webhooks/..."}）。`,
	notifyHttpStatus: (p) => `Webhook が HTTP ${p.status} を返しました`,
	notifyTimeout: (p) => `${p.seconds}秒以内に応答がありませんでした`,
	notifyNetwork: (p) => `ネットワークエラー: ${netWords(p.code)}`,
	// import (issue 16 §1)
	importScan: (p) => `${p.folders}個のフォルダーにモデルファイルが${p.files}個あります。履歴にないものは${p.candidates}個です。`,
	importHashing: (p) =>
		`${p.files}個のファイル（${p.bytes}）のハッシュを計算します。前回から変わっていない${p.cached}個はハッシュキャッシュから取ります。`,
	importHashProgress: (p) => `[${p.index}/${p.total}] ${p.name} のハッシュを計算中: 全体の ${p.percent}、残り${p.eta}`,
	importLookup: (p) => `${p.origin} に問い合わせ中（${p.method}、ハッシュ${p.hashes}個）`,
	importRetry: (p) => `${p.origin}: ${p.reason}。${p.delay}後に再試行します（${p.retry}/${p.maxRetries}）`,
	importIdentified: (p) =>
		`特定           ${p.path}: ${p.model} / ${p.version}（モデル ${p.modelId}、バージョン ${p.versionId}、ファイル ${p.fileId}、${p.category}）`,
	importUnknown: (p) => `不明           ${p.path}（${p.size}、SHA-256 ${p.sha256}）: Civitai にこのファイルの記録はありません`,
	importFailed: (p) => `問い合わせ失敗 ${p.path}: ${p.reason}`,
	importSummary: (p) =>
		`特定${p.identified}個（履歴に記録${p.recorded}個）、Civitai に記録のないもの${p.unknown}個、問い合わせ失敗${p.failed}個。ハッシュ計算${p.hashed}個、キャッシュから${p.cached}個、所要時間${p.elapsed}。`,
	importSidecars: (p) => `${p.models}個のモデルファイルの横にサイドカーファイルを${p.files}個書きました。`,
	importSummaryDry: (p) =>
		`ドライラン: 記録予定${p.identified}個、Civitai に記録のないもの${p.unknown}個、問い合わせ失敗${p.failed}個。ハッシュ計算${p.hashed}個、キャッシュから${p.cached}個、所要時間${p.elapsed}。履歴には何も書いていません。`,
	importLookupsFailed: () =>
		"問い合わせできなかったファイルがあります（再試行後もネットワークエラーまたはレート制限）。後でもう一度 import してください。ハッシュはキャッシュから取ります。",
	warnImportUnreadable: (p) => `フォルダー ${p.path} を読めません（${p.code}）。その中のファイルは取り込みません。`,
	warnImportCopy: (p) =>
		`${p.path} は履歴に記録済みの ${p.original} と同じファイルです。重複して記録しません（履歴には1つのバージョンにつき1か所を記録します）。`,
	warnImportCache: (p) => `ハッシュキャッシュ ${p.path} が壊れています。ハッシュを計算し直し、キャッシュを書き直します。`,
	warnImportHook: (p) => `${p.path} は記録しましたが、取り込み後の処理に失敗しました: ${p.reason}`,
	cliImportNoFolder: (p) => `${p.path} はフォルダーではありません。モデルのあるフォルダーを import に渡してください。`,
	helpImport: () => "手元にあるモデルファイルを SHA-256 で Civitai に照会し、その場所のまま履歴に記録します",
	helpOptImportDryRun: () => "記録する内容を表示し、履歴には何も書きません",
	helpOptLookupPause: () => "Civitai への問い合わせの間に待つ秒数（既定: 1）",
	helpExImport: () =>
		"  civitai-dl import                                              すべてのカテゴリーのフォルダー\n  civitai-dl import ~/ComfyUI/models/loras --dry-run              記録する内容だけ表示",
	lockWaiting: (p) => `別の civitai-dl（pid ${p.pid}）が ${p.path} を使用中です。終わるまで最大${p.timeout}待ちます。`,
	lockTimeout: (p) =>
		`${p.timeout}待っても別の civitai-dl（pid ${p.pid}）が ${p.path} を使用しています。後でやり直すか、--lock-timeout を長くしてください。`,
	lockLost: (p) =>
		`実行中にロック ${p.path} が奪われました（${p.detail}）。別のプロセスが同じ履歴かファイルに書き込んでいるかもしれません。`,
	lockClaimWaiting: (p) =>
		`[${p.index}] ${p.name}: 別の civitai-dl（pid ${p.pid}）がこのファイルをダウンロード中です。最大${p.timeout}待ちます。`,
	lockStaleTaken: (p) => `${p.path} のロックを引き継ぎました。ロックを持っていた civitai-dl（pid ${p.pid}）はもう動いていません。`,
	// sidecars
	sidecarWriteFailed: (p) => `サイドカーファイル ${p.path} を書き込めませんでした（${p.code}）。モデル自体は問題ありません。`,
	sidecarShared: (p) =>
		`${p.path} のサイドカーファイルは書き込みません: 同じフォルダーの ${p.other} が拡張子の前まで同じ名前で、サイドカーファイルはその部分で名付けられるため、別のモデルの説明になってしまいます。モデル自体は問題ありません。`,
	sidecarIsLink: (p) =>
		`サイドカーファイル ${p.path} には書き込みません: シンボリックリンクであり、civitai-dl はリンクの先に書き込むことはありません。モデル自体は問題ありません。`,
	sidecarIsModel: (p) =>
		`サイドカーファイル ${p.path} は書き込みません: その名前のファイルはモデルファイル（履歴に記録されたもの、またはこのモデル自体）で、サイドカーでモデルファイルを置き換えることはありません。モデル自体は問題ありません。`,
	sidecarPreviewHttp: (p) =>
		`${p.name} のプレビューがありません: 画像サーバー ${p.host} が HTTP ${p.status} を返しました。モデル自体は問題ありません。`,
	sidecarPreviewNetwork: (p) =>
		`${p.name} のプレビューがありません: 画像サーバー ${p.host} に接続できませんでした（${netWords(p.code)}）。モデル自体は問題ありません。`,
	sidecarPreviewTooBig: (p) =>
		`${p.name} のプレビューがありません: ${p.host} の画像が ${p.limitMiB} MiB を超えています。モデル自体は問題ありません。`,
	sidecarPreviewNotImage: (p) =>
		`${p.name} のプレビューがありません: ${p.host} から届いたものは PNG・JPEG・WebP の画像ではありません。モデル自体は問題ありません。`,
	sidecarPreviewHostRefused: (p) =>
		`${p.name} のプレビューがありません: 画像が ${p.host} にあります。画像は Civitai の画像ホスト（https）か設定済みの Civitai オリジンからしか取得しません。モデル自体は問題ありません。`,
	sidecarPreviewDowngrade: (p) =>
		`${p.name} のプレビューがありません: 画像サーバーが https から暗号化なしの http（${p.host}）へ転送しようとしたため、従いませんでした。モデル自体は問題ありません。`,
	sidecarRepairFailed: (p) => `${p.name} の足りないサイドカーファイルを追加できませんでした（モデル自体は問題ありません）: ${p.reason}`,
	sidecarRepairsPaused: (p) =>
		`ほかの問い合わせも今は同じように失敗するため、この実行ではこれ以上足りないサイドカーファイルを問い合わせません（モデル自体は問題ありません。後でもう一度実行すると追加されます）。${p.name}: ${p.reason}`,
	helpOptSidecars: () => "設定にかかわらず、サイドカーファイル（.civitai.info、プレビュー、.json）を書きます",
	helpOptNoSidecars: () => "モデルの横にサイドカーファイルを書きません",
	scheduleNextRuns: (p) => `次回以降の実行: ${p.times}`,
	scheduleNextRun: (p) => `次回の実行: ${p.time}`,
	scheduleStarting: (p) => `[${p.time}] 開始: ${p.command}`,
	scheduleFinished: (p) => `[${p.time}] 終了コード ${p.code} で終了しました（${p.meaning}）`,
	scheduleSkipped: (p) => `[${p.time}] ${p.since} に始まった実行がまだ続いているため、今回の実行は見送りました`,
	scheduleParkedFirst: (p) => `前回の実行は1日のダウンロード上限で保留されました。先に ${p.path} を再開します。`,
	scheduleParkedFirstOutage: (p) =>
		`前回の実行は Civitai が停止しているか接続できなかったため保留されました。先に ${p.path} を再開します。`,
	scheduleParkedFirstDisk: (p) => `前回の実行はディスクがいっぱいのため保留されました。先に ${p.path} を再開します。`,
	scheduleStopping: () => "現在の実行が終わったらスケジュールを停止します（中断するにはもう一度 Ctrl-C を押してください）。",
	scheduleStopped: (p) => `${p.runs}回実行してスケジュールを停止しました。`,
	scheduleBadCron: (p) =>
		`"${p.cron}" は cron 式ではありません（${p.reason}）。5つのフィールド（分 時 日 月 曜日）か、先頭に秒を加えた6つで指定してください（例: "0 3 * * *"）。`,
	scheduleNoArgs: () =>
		'schedule には "--" の後に実行するコマンドが必要です（例: civitai-dl schedule "0 3 * * *" -- redownload all --yes）。',
	scheduleNested: () => "schedule の中で schedule は実行できません。get か redownload を指定してください。",
	scheduleBadCommand: (p) => `スケジュールするコマンド「civitai-dl ${p.command}」は毎回失敗します: ${p.reason}`,
	scheduleWouldAsk: (p) =>
		`「civitai-dl ${p.command}」はダウンロードの前に y/N を尋ねますが、スケジュール実行には答える端末がありません。「--」の後に --yes（または --dry-run）を付けてください。`,
	scheduleWouldAskLong: (p) =>
		`「civitai-dl ${p.command}」は一覧が長いとき（20 モデルまたは 20 GiB を超えるとき）y/N を尋ねますが、スケジュール実行には答える端末がありません。「--」の後に --yes（または --dry-run）を付けてください。`,
	scheduleNoStdin: (p) =>
		`「civitai-dl ${p.command}」は対象を標準入力から読みますが、スケジュール実行には標準入力がありません。対象をコマンドラインで指定してください。`,
	cliOptionsAfterCommand: (p) => `コマンドのオプションはコマンド名の後に書いてください: civitai-dl ${p.command}`,
	scheduleNeedsDashes: (p) => `schedule が実行するコマンドは「--」の後に書いてください: civitai-dl ${p.command}`,
	// outdated / update (issue 17)
	helpOutdated: () => "履歴のモデルのうち、Civitai に新しい公開バージョンがあるものを一覧表示します",
	helpUpdate: () => "古くなった各モデルの最新バージョンを、古いバージョンのあるフォルダーにダウンロードします（古いバージョンは残します）",
	helpOptAllBaseModels: () => "別のベースモデル向けの新バージョンも対象にします（既定: 同じベースモデルのみ）",
	helpOptUpdateDryRun: () => "ダウンロードするものをサイズ付きで表示し、何もダウンロードしません",
	helpExOutdated: () =>
		'  civitai-dl outdated                                            新しいバージョンのあるモデルを一行ずつ\n  civitai-dl schedule "0 4 * * 0" -- outdated                    毎週日曜に確認し Webhook に報告',
	helpExUpdate: () =>
		"  civitai-dl update --dry-run                                    ダウンロードするものを表示\n  civitai-dl update --yes                                        同じベースモデルの新バージョンをダウンロード",
	outdatedLine: (p) =>
		`${p.name}: 手元は ${p.have}、最新は ${p.newest}（${dateOf(p.date)}、${p.base}）${p.changed ? ` — ベースモデルが ${p.haveBase} から変わっています` : ""}`,
	outdatedSameBaseLine: (p) =>
		`${p.name}: お使いのベースモデル（${p.base}）向けの最新は ${p.version}（${dateOf(p.date)}）です。update はこちらを取得します`,
	outdatedNotListed: (p) => `モデル ${p.modelId}（${p.file}）は Civitai に載っていません（削除、非公開、または公開バージョンなし）`,
	outdatedSummary: (p) =>
		`${p.checked}件のモデルのうち${p.outdated}件に新しいバージョンがあります（最新版のもの${p.upToDate}件、Civitai に載っていないもの${p.notFound}件${p.notFound > 0 && !p.named ? "（-v で一覧）" : ""}、リクエスト${p.requests}回）。`,
	outdatedIgnored: (p) => `${p.count}件のモデルは無視リストにあります（updates.ignore_models）。`,
	outdatedRetry: (p) => `${p.origin}: ${p.reason}。${p.seconds}秒後に再試行します（${p.retry}/${p.max}）`,
	warnNoModelId: (p) =>
		`履歴の${p.count}行にはモデル ID またはバージョン ID がなく、確認しませんでした（ID を記録していなかった頃の古い形式の行です。一度 redownload すると ID が入ります）。`,
	errUpdateLookup: (p) => `${p.origin} に新バージョンを問い合わせられませんでした: ${p.reason}`,
	updateNothing: () => "ダウンロードする新しいバージョンはありません。",
	updateOtherBase: (p) =>
		`${p.count}件のモデルは最新バージョンが別のベースモデル向けです。--all-base-models を付けるとベースモデルにかかわらず最新を取得します。`,
	updatePlanLine: (p) => `${p.name} ${p.version}（${p.size}）の保存先: ${p.path}`,
	updatePlanTotal: (p) => `ダウンロード対象は${p.count}件です（${sized(p.size, p.unknown)}）。何もダウンロードしていません（--dry-run）。`,
	updateConfirm: (p) =>
		`新しいバージョン${p.count}件（${sized(p.size, p.unknown)}: ${listed(p.names, p.more)}）をダウンロードしますか？ 古いバージョンは残します。[y/N] `,
	cliUpdateNoTerminal: (p) =>
		`update は新しいバージョン${p.count}件（${sized(p.size, p.unknown)}）をダウンロードします。確認する端末がないため、実行するには --yes を付けてください。`,
	notifyTitleOutdated: (p) => `civitai-dl (${p.host}): ${p.count}件のモデルに新しいバージョンがあります`,
	notifyOutdatedLine: (p) => `${p.name}: ${p.have} → ${p.newest}（${p.base}${p.changed ? "、別のベースモデル" : ""}）`,
	notifyMoreOutdated: (p) => `…ほか${p.count}件`,
	doctorStatus: (p) => (p.status === "ok" ? "正常" : p.status === "warn" ? "注意" : "失敗"),
	doctorConfigOk: (p) => `設定: ${p.path}`,
	doctorConfigMissing: (p) => `設定: ${p.path} はありません。既定値と環境変数を使います（civitai-dl config init で作成できます）`,
	doctorConfigError: (p) => `設定: ${p.error}`,
	doctorKeyOk: (p) => `API キー: ${p.username} としてサインインしています`,
	doctorKeyNone: () => "API キー: 未設定です。ほとんどのダウンロードに必要です（CIVITAI_API_KEY または設定の api_key）",
	doctorKeyRejected: (p) =>
		`API キー: Civitai が受け付けません（HTTP ${p.status}）。誤り・期限切れ・失効のいずれかです。civitai.com → Account settings → API Keys で新しく作成してください`,
	doctorKeyUnchecked: () => "API キー: Civitai が応答しないため確認できません（API の行を参照）",
	doctorKeyElsewhereOk: (p) => `${p.origin} の API キー: こちらでも ${p.username} としてサインインしています`,
	doctorKeyElsewhereRejected: (p) =>
		`${p.origin} の API キー: こちらでは拒否されました（HTTP ${p.status}）。設定中の base_url からのダウンロードには影響しませんが、base_url を ${p.origin} にすると失敗します`,
	doctorKeyElsewhereUnchecked: (p) => `${p.origin} の API キー: Civitai が応答しないため、こちらでは確認できません`,
	doctorApiOk: (p) => `API: ${p.origin} は応答しています`,
	doctorApiUnreachable: (p) =>
		`API: ${p.origin} に接続できません（${netWords(p.code)}）。ネットワーク、プロキシ（${p.origin.startsWith("http:") ? "http_proxy" : "https_proxy"}）、--base-url を確認してください`,
	doctorApiStatus: (p) =>
		`API: ${p.origin} が HTTP ${p.status} を返しました。Civitai が停止中か混雑しています。しばらくしてから、もう一度試してください`,
	doctorApiBadAnswer: (p) => `API: ${p.origin} の応答が Civitai の JSON ではありません。--base-url とプロキシを確認してください`,
	doctorRootOk: (p) => `ルート（${p.layout}）: ${p.path}`,
	doctorRootMissing: (p) =>
		`ルート（${p.layout}）: ${p.path} がありません。モデルのフォルダーが ${p.layout} の読まない場所に作られます。設定の root（または --root）を確認してください（入力ミスではありませんか？）`,
	doctorRootNotDir: (p) => `ルート（${p.layout}）: ${p.path} はファイルです。${p.layout} のインストール先フォルダーではありません`,
	doctorFolderOk: (p) => `フォルダー（${p.categories}）: ${p.path}（書き込み可、空き ${p.free}）`,
	doctorFolderWillCreate: (p) =>
		`フォルダー（${p.categories}）: ${p.path} はまだありません。最初のダウンロードで作成します（空き ${p.free}）`,
	doctorFolderLowSpace: (p) =>
		`フォルダー（${p.categories}）: ${p.path} の空きは ${p.free} しかありません。大きなチェックポイントは入りません`,
	doctorFolderNotWritable: (p) =>
		`フォルダー（${p.categories}）: ${p.path} に書き込めません。ユーザーに書き込み権限を与える（chown/chmod）か、別のフォルダーを指定してください`,
	doctorFolderBlocked: (p) =>
		`フォルダー（${p.categories}）: ${p.blocker} がファイルなので ${p.path} をフォルダーにできません。移動するか download_paths を直してください`,
	doctorHistoryOk: (p) => `履歴: ${p.path}（${p.rows}行、${p.encoding}、読み書き可）`,
	doctorHistoryNew: (p) => `履歴: ${p.path} はまだありません。最初のダウンロードで作成します`,
	doctorHistoryUnreadable: (p) => `履歴: ${p.path} を読めません（${p.error}）。権限を確認してください`,
	doctorHistoryNotWritable: (p) => `履歴: ${p.path} に書き込めないため、ダウンロードを記録できません。権限を直してください`,
	doctorHistoryEncoding: (p) => `履歴: ${p.path} は ${p.encoding} です。正しく読み込み、次のダウンロード時に UTF-8 で書き直します`,
	doctorHistorySkipped: (p) => `履歴: ${p.path} の壊れた${p.count}行は読み飛ばします。civitai-dl history で行番号が分かります`,
	doctorLockFree: (p) => `ロック: 空き（${p.path}）`,
	doctorLockHeld: (p) =>
		`ロック: civitai-dl の実行（${p.host} の pid ${p.pid}）が使用中です（追記のあいだ、または実行全体を通して保持する古い civitai-dl）。新しい実行は解放を待ちます`,
	doctorLockGone: (p) => `ロック: 終了した実行（${p.host} の pid ${p.pid}）が残したものです。次の実行が引き継ぎます`,
	doctorHooksNone: () => "Webhook: 設定なし",
	doctorHookReady: (p) => `Webhook ${p.hook}: 設定済み（送信はしていません。--notify でテスト送信します）`,
	doctorHookSent: (p) => `Webhook ${p.hook}: テストメッセージを送信しました`,
	doctorHookFailed: (p) => `Webhook ${p.hook}: テストメッセージを送信できませんでした: ${p.reason}`,
	doctorAllGood: () => "確認した項目はすべて正常です。",
	doctorSomeFailed: (p) => `${p.count}件の確認で問題が見つかりました。直し方はそれぞれの行にあります。`,
	keyAsk: () => "Civitai の API キー（civitai.com → Account settings → API Keys。入力は表示されません。Enter で省略）: ",
	keySignedIn: (p) => `${p.username} としてサインインしました。`,
	keyRejected: (p) =>
		`Civitai がこのキーを受け付けません（HTTP ${p.status}）。誤り・期限切れ・失効のいずれかです。別のキーを入力するか、Enter で省略してください。`,
	keyUnchecked: (p) => `キーを確認できませんでした（${p.reason}）。入力どおり保存します。civitai-dl doctor で再確認できます。`,
	keySkipped: () => "キーは保存しませんでした。後で CIVITAI_API_KEY か設定ファイルの api_key を設定してください。",
	exitMeaning0: () => "すべてダウンロードしたか、すでにありました",
	exitMeaning1: () => "失敗した項目があります",
	exitMeaning2: () => "使い方か設定に誤りがあります",
	exitMeaning3: () => "1日のダウンロード上限に達したため保留しました",
	exitMeaning3Outage: () => "Civitai が停止しているか、接続できないため保留しました",
	exitMeaning3Disk: () => "ディスクがいっぱいのため保留しました",
	exitMeaning130: () => "中断されました",
	exitMeaningOutdated0: () => "新しいバージョンを確認しました",
	exitMeaningOutdated1: () => "新しいバージョンを問い合わせられませんでした",
	exitMeaningVerify0: () => "確認したファイルはすべて正常です",
	exitMeaningVerify1: () => "壊れたファイルかないファイルがあります",
	exitMeaningImport0: () => "ファイルを照会して記録しました",
	exitMeaningImport1: () => "照会できなかったファイルがあります",
	exitMeaningOther: () => "想定外の理由で終了しました",
	// sources: a creator, favorites, a search, every version, the models of an image (issue 28)
	errImage: (p) => `${p.file} の生成情報を読めません: ${imageProblem(p.problem)}。`,
	errNoSuchImage: (p) => `${p.origin} には、civitai-dl から見える画像 ${p.imageId} はありません（削除されたか、非公開か、存在しません）。`,
	errFavoritesNoKey: () =>
		"favorites: はあなた自身のお気に入りの一覧なので、API キーが必要です。CIVITAI_API_KEY（または config の api_key。civitai-dl config init で設定できます）を設定してください。",
	errFavoritesRefused: (p) =>
		`Civitai がお気に入りを返しませんでした: ${p.reason} API キーを確認してください（civitai-dl doctor で確認できます）。`,
	errStdinTooBig: (p) => `標準入力の対象が ${p.limitMiB} MiB を超えています。一度に渡す数を減らしてください。`,
	errStdinLine: (p) => `標準入力の${p.line}行目は versionId も modelId もない JSON オブジェクトです: ${p.text}`,
	cliBadTypes: (p) => `--types には Civitai のモデルの種類をカンマ区切りで指定します（${p.types}）。"${p.value}" は使えません。`,
	cliBadSize: (p) => `${p.flag} には 20GB、500MiB、1.5G のような大きさを指定します。"${p.value}" は使えません。`,
	sourceListed: (p) =>
		`${p.source}: ${p.models}件のモデルを取得しました（リクエスト${p.requests}回）。ダウンロード${p.take}件（${p.size}）${p.have > 0 ? `、ライブラリにあるもの${p.have}件` : ""}${p.gated > 0 ? `、早期・有料アクセス${p.gated}件` : ""}${p.skipped > 0 ? `、ダウンロードできるものがないモデル${p.skipped}件` : ""}。`,
	sourceStopped: (p) =>
		p.why === "cursor_loop"
			? `${p.source}: Civitai が以前と同じページカーソルを返しました（一覧がループしています）。${p.pages}ページで止め、それまでに取得した分を使います。`
			: `${p.source}: ${p.pages}ページで止めました（Civitai が次のページを返し続けました）。それまでに取得した分を使います。--limit で数を減らせます。`,
	sourceRedFailed: (p) =>
		`${p.source}: ${p.origin} で一覧を取得できませんでした（${p.reason}）。そちらにしかないモデルは今回は含まれません。`,
	sourceCut: (p) => `--max-size ${p.max}: 上限に収めるため${p.count}件を外しました。`,
	sourceRequests: (p) => `Civitai へのメタデータのリクエスト: ${p.requests}回。`,
	imageTitle: (p) => `${p.source} が使ったモデル:`,
	imageNone: (p) => `${p.source} にはモデルの記録がありません。`,
	colName: () => "名前",
	colType: () => "種類",
	colWeight: () => "重み",
	colStatus: () => "状態",
	colBase: () => "ベースモデル",
	colVersion: () => "最新バージョン",
	colSize: () => "サイズ",
	colId: () => "モデル ID",
	resourceHave: () => "ライブラリにあり",
	resourceDownload: () => "ダウンロード",
	resourceUnknown: () => "不明",
	resourceFailed: (p) => `照会失敗: ${p.reason}`,
	imageSummary: (p) =>
		`ライブラリにあるもの${p.have}件、ダウンロード${p.download}件、不明${p.unknown}件${p.failed > 0 ? `、照会できなかったもの${p.failed}件（後でもう一度実行してください）` : ""}。`,
	sourcesNothing: () => "ダウンロードするものはありません。",
	sourcesConfirm: (p) => `${p.count}件（${sized(p.size, p.unknown)}: ${listed(p.names, p.more)}）をダウンロードしますか？ [y/N] `,
	cliSourcesNoTerminal: (p) =>
		`get は${p.count}件（${sized(p.size, p.unknown)}）をダウンロードしようとしていますが、確認する端末がありません。実行するには --yes を付けてください（--limit や --max-size で減らすこともできます）。`,
	searchSummary: (p) => `${p.count}件のモデルが見つかりました（リクエスト${p.requests}回）。`,
	searchNotDownloadable: () => "（早期・有料アクセス）",
	helpSearch: () => "Civitai のモデルを検索します。見つかったものを表にするか、--get でダウンロードします",
	helpArgWords: () => "検索する言葉",
	helpArgTargetSources: () =>
		"URL、AIR、model:ID、version:V、数字、user:名前 かクリエイターのページ、favorites:、画像（PNG・JPEG・WebP・ワークフロー .json・/images/ID）、または標準入力から読む -",
	helpOptAllVersions: () => "各モデルのダウンロードできるバージョンをすべて対象にします（既定: ダウンロードできる最新のもの）",
	helpOptTypes: () => "Civitai のモデルの種類をカンマ区切りで指定して絞り込みます（例: LORA,Checkpoint。既定: すべて）",
	helpOptBaseModels: () => 'ベースモデルをカンマ区切りで指定して絞り込みます（例: "SDXL 1.0,Pony"。既定: すべて）',
	helpOptListLimit: () => "クリエイター・お気に入り・検索ごとに取るモデルの数の上限（既定: すべて）",
	helpOptSearchLimit: () => "取るモデルの数の上限（既定: 20）",
	helpOptMaxSize: () => "一覧の合計サイズの上限（例: 20GB。既定: 上限なし）",
	helpOptTag: () => "このタグの付いたモデルだけを対象にします",
	helpOptSort: () => "並び順: Highest Rated、Most Downloaded、Most Liked、Most Discussed、Most Collected、Most Images、Newest、Oldest",
	helpOptPeriod: () => "並び順を数える期間: AllTime、Year、Month、Week、Day",
	helpOptNsfw: () => "成人向けのモデルも含めます（既定: 含めない）",
	helpOptGet: () => "見つかったものをダウンロードします（get のオプションが使えます）",
	helpOptGetYes: () => "20件または20 GiB を超える一覧でも確認しません（既定: 端末では確認あり）",
	helpExSearch: () =>
		'  civitai-dl search "pixel art" --types LORA --base-models "SDXL 1.0"   Civitai にあるものを表で\n  civitai-dl search "pixel art" --types LORA --json | civitai-dl get - --dry-run   get が何を取るか',
	// the report page and the run log (issue 29)
	reportTitle: () => "civitai-dl ライブラリ",
	reportMade: (p) => `${p.time} に ${p.history} から作成`,
	reportChecks: (p) => `最後の verify: ${p.verified} · 最後の outdated: ${p.outdated}`,
	reportNever: () => "未実行",
	reportTileModels: () => "モデル",
	reportTileDisk: () => "ディスク使用量",
	reportTileVerified: () => "検証済み",
	reportTileNotChecked: () => "未検証",
	reportTileBroken: () => "要再ダウンロード",
	reportTileNewer: () => "新しいバージョンあり",
	reportTileFailed: () => "前回失敗",
	reportByType: () => "種類別",
	reportByBase: () => "ベースモデル別",
	reportBarValue: (p) => `${p.count} ファイル · ${p.size}`,
	reportOther: () => "その他",
	reportUnknownBase: () => "ベースモデル不明",
	reportLibrary: () => "ライブラリ",
	reportSearch: () => "名前・ファイル名・トリガーワードで検索",
	reportFilterType: () => "種類",
	reportFilterBase: () => "ベースモデル",
	reportFilterStatus: () => "状態",
	reportAll: () => "すべて",
	reportSort: () => "並べ替え",
	reportSortAttention: () => "要対応を先に",
	reportSortName: () => "名前順",
	reportSortSize: () => "サイズの大きい順",
	reportSortDate: () => "日付の新しい順",
	reportShown: (p) => `${p.total}件中${p.shown}件を表示`,
	reportNoMatch: () => "この条件に合うモデルはありません。",
	reportEmpty: () => "履歴は空です。まだ何もダウンロードも取り込みもしていません。",
	reportStatusVerified: () => "検証済み",
	reportStatusNotChecked: () => "未検証",
	reportStatusMissing: () => "ファイルなし",
	reportStatusSizeMismatch: () => "サイズ不一致",
	reportStatusHashMismatch: () => "ハッシュ不一致",
	reportStatusNewer: () => "新しいバージョンあり",
	reportStatusFailedLast: () => "前回失敗",
	reportStatusBroken: () => "要再ダウンロード（なし・不一致）",
	reportNewerDetail: (p) => `新しいバージョン: ${p.version}（${p.date}）`,
	reportFailedDetail: (p) => `前回の実行: ${p.kind}: ${p.reason}`,
	reportNights: () => "実行の記録",
	reportOlderRuns: (p) => `それ以前の実行${p.count}件`,
	reportNoRuns: () => "まだ実行の記録はありません。get、redownload、update、import、verify、outdated がそれぞれここに1行を加えます。",
	reportColDate: () => "日時",
	reportColCommand: () => "コマンド",
	reportColDownloaded: () => "ダウンロード",
	reportColBytes: () => "バイト数",
	reportColSkipped: () => "スキップ",
	reportColFailed: () => "失敗",
	reportColRateLimited: () => "429 応答",
	reportColParked: () => "保留",
	reportColChecked: () => "確認",
	reportColDuration: () => "所要時間",
	reportColResult: () => "結果",
	reportChecked: (p) => `${p.checked}件確認、${p.found}件該当`,
	reportExit: (p) => `終了コード ${p.code}`,
	reportExitStopped: (p) => `終了コード ${p.code}（停止: ${p.reason}）`,
	reportLastRun: (p) => `最後の実行: ${p.command}、${p.date}`,
	reportNoFailures: () => "失敗はありませんでした。",
	reportMoreFailures: (p) => `ほか${p.count}件（失敗一覧を参照）`,
	reportRerun: () => "もう一度実行するには:",
	reportWritten: (p) => `レポート: ${p.path}`,
	reportOpened: (p) => `${p.command} に渡しました。既定のブラウザーで開きます。`,
	reportOpenFailed: (p) => `${p.path} を開けませんでした（${p.reason}）。ブラウザーで開いてください。`,
	warnRunLog: (p) => `実行ログ ${p.path} を書けませんでした: ${p.reason}`,
	warnKeep: (p) => `この確認の結果をレポート用に ${p.path} へ保存できませんでした: ${p.reason}`,
	scheduleReport: (p) => `レポート: ${p.path}`,
	historyReport: (p) => `プレビューと状態のページ: civitai-dl report（${p.path} に書きます）`,
	helpReport: () => "ライブラリを1枚の HTML ページに書き出します。プレビュー、状態、合計、実行の記録（オフラインで見られます）",
	helpOptReportOut: () => "ページの書き先（既定: 履歴と同じフォルダーの civitai-dl-report.html）",
	helpOptReportOpen: () => "書いたあとシステムのブラウザーで開く",
	helpOptReportCheck: () => "先に全ファイルを検証し、Civitai に新しいバージョンを問い合わせる（verify と outdated と同じ）",
	helpExReport: () =>
		"  civitai-dl report --open                 履歴の隣にページを書いて開く\n  civitai-dl report --check --out lib.html   先に全ファイルをハッシュし Civitai に問い合わせる",
};
