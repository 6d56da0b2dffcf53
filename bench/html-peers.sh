#!/bin/sh
# rinse-html's main content against Readability.js (with jsdom), side by
# side in one run on the public article-extraction benchmark: token F1
# by the benchmark's method (../shared/tools/score-extract --cjk off) and
# pages a second, each in one process over all pages. Readability.js and
# jsdom are installed from npm under bench/data/node (gitignored) on the
# first run. Trafilatura is not installable here: quote its published
# figures (F1 0.958, ~24 ms a page in-process).
#
#   sh bench/html-peers.sh [SET]    (default scrapinghub)
TOP=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$TOP/bin}
SET=${1:-scrapinghub}
EVAL=$TOP/../shared/eval/$SET
SCORE=$TOP/../shared/tools/score-extract
DATA=$TOP/bench/data
NODE=$DATA/node
ls "$EVAL"/*.html >/dev/null 2>&1 || { echo "no pages in $EVAL" >&2; exit 2; }
command -v node >/dev/null || { echo "node is not installed" >&2; exit 2; }
if [ ! -d "$NODE/node_modules/@mozilla/readability" ] ||
    [ ! -d "$NODE/node_modules/jsdom" ]; then
	mkdir -p "$NODE" && (cd "$NODE" && npm install --no-audit --no-fund \
	    --silent @mozilla/readability jsdom) || exit 2
fi

out=$DATA/peers-$SET-readability
rm -rf "$out"
mkdir -p "$out"
cat >"$NODE/run.mjs" <<'JS'
// Readability.js over every NAME.html of a folder, in one process; prints
// the seconds spent inside parse (jsdom + Readability) on stderr.
import fs from "node:fs";
import path from "node:path";
import { JSDOM, VirtualConsole } from "jsdom";
import { Readability } from "@mozilla/readability";
const [dir, out] = process.argv.slice(2);
const vc = new VirtualConsole();
let secs = 0, n = 0;
for (const f of fs.readdirSync(dir).sort()) {
	if (!f.endsWith(".html") || f.endsWith(".expected.html")) continue;
	const html = fs.readFileSync(path.join(dir, f), "utf8");
	const t0 = process.hrtime.bigint();
	let text = "";
	try {
		const dom = new JSDOM(html, { url: "https://example.org/", virtualConsole: vc });
		const art = new Readability(dom.window.document).parse();
		text = art && art.textContent ? art.textContent : "";
	} catch (e) { text = ""; }
	secs += Number(process.hrtime.bigint() - t0) / 1e9;
	n++;
	fs.writeFileSync(path.join(out, f.replace(/\.html$/, ".txt")), text);
}
process.stderr.write(`${n} ${secs}\n`);
JS
r=$(cd "$NODE" && node run.mjs "$EVAL" "$out" 2>&1 >/dev/null | tail -1)
f1() { "$SCORE" "$EVAL" "$1" --cjk off | tail -1 |
    sed 's/.*shingle P=\([0-9.]*\) R=\([0-9.]*\) F1(P,R)=\([0-9.]*\).*/\1 | \2 | \3/'; }
echo "### Main content, side by side, on $SET (shingle metric, --cjk off)"
echo
echo "| extractor | precision | recall | F1 | pages/s |"
echo "| --- | --- | --- | --- | --- |"
printf '| Readability.js + jsdom | %s | %s |\n' "$(f1 "$out")" \
    "$(echo "$r" | awk '{ printf "%.1f", $1 / $2 }')"
sh "$TOP/bench/html-extract.sh" "$SET" | grep '^| rinse'
echo "| trafilatura (published, not installable here) | | | 0.958 | ~42 |"
