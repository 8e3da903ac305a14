#!/usr/bin/env bash
# Opens the HTML report in a real browser (headless Chromium), renders it to a PNG and checks
#  1. that it rendered: a PNG of real size, mostly but not entirely white, with many colours;
#  2. that no request left the page: Chromium's own network log holds no http(s) or other
#     remote URL, only the file itself.
# Usage: .ci/html-in-browser.sh path/to/fiveforces   (installs Debian's chromium when missing)
set -euo pipefail
bin=${1:?usage: $0 path/to/fiveforces}
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" score examples/ --format html -o "$work/report.html" --fail-on rivalry\>=80 || [ $? -eq 1 ]

# A control page that does load something from outside: the check below must catch it, or it
# proves nothing.
printf '<html><body><img src="http://example.invalid/x.png">control</body></html>\n' >"$work/control.html"

render() { # NAME: renders $work/NAME.html to NAME.png with a network log NAME.json
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-default-apps --disable-extensions --hide-scrollbars \
    --user-data-dir="$work/profile-$1" --log-net-log="$work/$1.json" \
    --window-size=1100,2600 --screenshot="$work/$1.png" "file://$work/$1.html" \
    >"$work/$1.log" 2>&1 || { cat "$work/$1.log"; echo "chromium failed on $1.html"; exit 1; }
}
render report
render control

python3 - "$work" <<'PY'
import json, struct, sys, zlib

work = sys.argv[1]
png_path, html_path = f"{work}/report.png", f"{work}/report.html"

def page_requests(netlog_path):
    """URLs the page itself asked for (not the browser's own update or account checks):
    page loads carry an initiator origin, browser-internal requests carry none."""
    log = json.load(open(netlog_path, encoding="utf-8"))
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    urls = set()
    for event in log["events"]:
        params = event.get("params") or {}
        if names.get(event["type"]) == "URL_REQUEST_START_JOB" and params.get("initiator") != "not an origin":
            urls.add(params.get("url", ""))
    return sorted(u for u in urls if u and not u.startswith(("file:", "data:", "about:", "blob:")))

def pixels(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), f"unexpected PNG format {depth}/{colour}"
            channels = 4 if colour == 6 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, rows, prev = zlib.decompress(idat), width * channels, [], bytearray(width * channels)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = prev[i], prev[i - channels] if i >= channels else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line); prev = line
    return width, height, channels, rows

width, height, channels, rows = pixels(png_path)
colours, ink = set(), 0
for line in rows[::4]:
    for x in range(0, width * channels, channels * 4):
        px = tuple(line[x:x + 3]); colours.add(px)
        ink += px != (255, 255, 255)
sampled = len(rows[::4]) * len(range(0, width * channels, channels * 4))
share = ink / sampled
print(f"rendered {width}x{height}: {len(colours)} colours, {share:.1%} of the page inked")
assert width >= 1000 and height >= 2000, "the screenshot is too small"
assert len(colours) >= 20, "the page looks blank or flat"
assert 0.02 <= share <= 0.9, "the page is blank or a solid block"

control = page_requests(f"{work}/control.json")
assert control == ["http://example.invalid/x.png"], f"the network check cannot see page requests: {control}"
remote = page_requests(f"{work}/report.json")
assert not remote, f"the page made requests: {remote}"
print("network log: the control page's request was seen; the report made none")
html = open(html_path, encoding="utf-8").read()
for needle in ("<script", "<link", "src=", "@import", "url("):
    assert needle not in html, f"the report references something external: {needle}"
print("html report: rendered in Chromium, no request left the page")
PY

# 3. The reports read on a 400 px phone and a 1280 px desktop without sideways scrolling: each
#    page (a batch report, one questionnaire, a panel) is measured in Chromium at both widths
#    by a copy that writes document.documentElement.scrollWidth into the DOM, which
#    --dump-dom prints; screenshots at both widths are kept in $FIVEFORCES_SCREENSHOTS if set.
"$bin" score examples/saas-crm.toml --format html -o "$work/single.html"
"$bin" aggregate examples-panel --format html -o "$work/panel.html"
shots=${FIVEFORCES_SCREENSHOTS:-$work/shots}
mkdir -p "$shots"
for page in report single panel; do
  for width in 400 1280; do
    sed 's|</body>|<script>document.body.setAttribute("data-overflow", String(document.documentElement.scrollWidth - window.innerWidth))</script></body>|' \
      "$work/$page.html" >"$work/measure-$page-$width.html"
    dom=$(timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
      --user-data-dir="$work/profile-m-$page-$width" --window-size="$width,900" --dump-dom \
      "file://$work/measure-$page-$width.html" 2>/dev/null)
    overflow=$(printf '%s' "$dom" | sed -n 's/.*data-overflow="\(-\{0,1\}[0-9][0-9]*\)".*/\1/p' | head -1)
    [[ "$overflow" =~ ^-?[0-9]+$ ]] || { echo "$page.html at $width px: no measurement"; exit 1; }
    if [ "$overflow" -gt 0 ]; then
      echo "$page.html at $width px: the page is $overflow px wider than the window (sideways scrolling)"
      exit 1
    fi
    timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
      --user-data-dir="$work/profile-s-$page-$width" --window-size="$width,1600" \
      --screenshot="$shots/$page-$width.png" "file://$work/$page.html" >/dev/null 2>&1
    [ -s "$shots/$page-$width.png" ] || { echo "no screenshot of $page.html at $width px"; exit 1; }
    echo "$page.html at $width px: fits (overflow $overflow px), screenshot $page-$width.png"
  done
done
