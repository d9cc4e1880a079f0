#!/usr/bin/env bash
# Compile-time benchmark of the checked-in client (issue 12). Debug builds, each from clean, on a copy of the
# repository in a temporary folder (nothing here is modified):
#   1. a package that depends on `Bitrix24` (the whole client: every scope module, Bitrix24Common, the runtime);
#   2. a package that depends on the CRM module only (`Bitrix24CRM`), with the runtime;
#   3. the rebuild of (1) after one page of docs-cache/ changes: regenerate, then build again.
# The packages depend on a copy of this one by path, as a user's would: building a product inside this package
# would also build its generator and plugin tools, which a user of the client never compiles.
# Prints seconds, entry points and the compiler's peak memory (the largest process, from /usr/bin/time -v).
# Dependency resolution is done before each timed build and is not timed.
#
# usage: Benchmarks/compile-time.sh [PAGE]   (PAGE: the docs-cache page to change; default: a CRM page)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/b24-compile-time.XXXXXX)
trap 'rm -rf "$work"' EXIT
page=${1:-api-reference/crm/deals/crm-deal-get.html}

timed() { # label, command…: runs the command, prints seconds and peak memory
  local label=$1; shift
  local t0 t1 peak=""
  t0=$(date +%s%N)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -v -o "$work/time.log" "$@" > "$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
    peak=$(awk -F': ' '/Maximum resident/ { printf "%.0f MB", $2 / 1024 }' "$work/time.log")
  else
    "$@" > "$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
    peak="(no /usr/bin/time)"
  fi
  t1=$(date +%s%N)
  local compiled
  compiled=$(grep -c '^\[[0-9]*/[0-9]*\] Compiling' "$work/build.log" || true)
  seconds=$(echo "($t1 - $t0) / 1000000000" | bc -l)
  printf '%-58s %7.1f s   compiler peak %s   (%s compile steps)\n' "$label" "$seconds" "$peak" "$compiled"
}

echo "copying the repository to $work/repo"
mkdir -p "$work/repo"
(cd "$root" && tar --exclude='./.build' --exclude='./.build-*' --exclude='./.build_*' --exclude='./.git' --exclude='./Examples/*/.build' -cf - .) | tar -xf - -C "$work/repo"
cd "$work/repo"
swift package resolve > /dev/null
swift build --product b24gen > /dev/null 2>&1
b24gen=$(swift build --show-bin-path)/b24gen
entries=$("$b24gen" generate --coverage | grep '^entry points' | awk -F': ' '{ sum += $2 } END { print sum }')
modules=$(ls Sources/Generated | grep -vc '^Bitrix24$' || true)
lines=$(find Sources/Generated -name '*.swift' -exec cat {} + | wc -l)
echo "checked-in client: $entries entry points, $modules modules (scope modules and Bitrix24Common), $lines lines"

# A user's package that depends on one product of this one (by path), as a user builds it: only the product's
# targets are compiled, not this package's generator and plugin tools.
user_package() { # name, product, module to import
  mkdir -p "$work/$1/Sources/$1"
  cat > "$work/$1/Package.swift" <<EOF
// swift-tools-version: 6.1
import PackageDescription
let package = Package(
    name: "$1",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "swift-bitrix24", path: "$work/repo")],
    targets: [.executableTarget(name: "$1", dependencies: [.product(name: "$2", package: "swift-bitrix24")])]
)
EOF
  cat > "$work/$1/Sources/$1/main.swift" <<EOF
import $3
import Foundation

let b24 = Bitrix24Client(auth: .webhook(URL(string: "https://example.bitrix24.com/rest/1/secret/")!))
print(type(of: b24.crm))
EOF
  (cd "$work/$1" && swift package resolve > /dev/null)
}

# 1. The whole client: a package depending on Bitrix24 (every scope module).
user_package WholeClient Bitrix24 Bitrix24
timed "1. a package depending on Bitrix24 (whole client), from clean" swift build --package-path "$work/WholeClient"
printf '   %.1f s per 100 entry points\n' "$(echo "$seconds * 100 / $entries" | bc -l)"

# 2. A package depending on the CRM module only.
user_package CRMOnly Bitrix24CRM Bitrix24CRM
timed "2. a package depending on Bitrix24CRM only, from clean" swift build --package-path "$work/CRMOnly"
grep -q 'Compiling Bitrix24Tasks\|Compiling Bitrix24IM ' "$work/build.log" && echo "   (other scope modules were compiled too!)" || echo "   (no other scope module was compiled)"

# 3. One page changes: regenerate and rebuild.
[ -f "docs-cache/$page" ] || { echo "no page docs-cache/$page" >&2; exit 1; }
python3 - "docs-cache/$page" <<'EOF'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
# Change the page's description (ours, on the default page) wherever it stands (the article and its state
# JSON): the method's doc comment follows it, so exactly one generated file changes.
before = "returns one deal, looked up by its ID."
if before not in text:
    sys.exit("the page does not hold the sentence this benchmark changes: pass another page and edit this step")
text = text.replace(before, "returns one deal, looked up by its ID (changed by the benchmark).")
open(path, "w", encoding="utf-8").write(text)
EOF
t0=$(date +%s%N)
changed=$("$b24gen" generate | grep -c 'modified:' || true)
t1=$(date +%s%N)
printf '%-58s %7.1f s   (%s files changed)\n' "3a. regenerate after one page changed" "$(echo "($t1 - $t0) / 1000000000" | bc -l)" "$changed"
[ "$changed" -gt 0 ] || { echo "the page change regenerated no file: nothing to measure" >&2; exit 1; }
timed "3b. rebuild the whole client after one page changed" swift build --package-path "$work/WholeClient"
grep -o 'Compiling [A-Za-z0-9]* ' "$work/build.log" | sort -u | sed 's/^/   rebuilt: /' | head -20
