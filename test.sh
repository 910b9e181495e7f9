#!/usr/bin/env bash
# The whole check, as CI runs it (bash .ci/run) and as every developer runs it before a commit:
# system packages, a throwaway PostgreSQL 15 + PostGIS on loopback, restore, build (warnings are errors),
# format check, every test project under tests/. The last line is always "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
RESULTS="$ROOT/artifacts/test-results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export CI="${CI:-}"

START=$SECONDS
PHASE_START=$SECONDS
CHECK_FAILURES=0
declare -a TIMINGS=()

phase() { PHASE_START=$SECONDS; echo; echo "==> $*"; }
done_phase() { local took=$((SECONDS - PHASE_START)); TIMINGS+=("$(printf '%-24s %4ds' "$1" "$took")"); echo "<== $1: ${took}s"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- 1. System packages ------------------------------------------------------------------------------------------
phase "system packages"
# ffmpeg (ffprobe) and GStreamer's RTSP server are the third-party camera clients and server of the camera tests (ADR 0040).
PACKAGES=(postgresql-15 postgresql-15-postgis-3 chromium fonts-dejavu-core nginx-light python3-aiosmtpd mosquitto mosquitto-clients ffmpeg osmium-tool
  python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good)
MISSING=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg -s "$p" >/dev/null 2>&1 || ! dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed'; then
    MISSING+=("$p")
  fi
done
if [ ${#MISSING[@]} -gt 0 ]; then
  echo "installing: ${MISSING[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${MISSING[@]}"
else
  echo "all present: ${PACKAGES[*]}"
fi
done_phase "system packages"

# --- 2. Throwaway PostgreSQL ---------------------------------------------------------------------------------------
phase "postgresql"
PG_BIN=/usr/lib/postgresql/15/bin
PG_DIR=$(mktemp -d /tmp/mekong-pg.XXXXXX)
PG_STARTED=0
run_pg() {
  # initdb and pg_ctl refuse to run as root: as root they run as the postgres user.
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$1"; else bash -c "$1"; fi
}
cleanup() {
  local status=$?
  if [ "$PG_STARTED" -eq 1 ]; then
    run_pg "$PG_BIN/pg_ctl -D '$PG_DIR/data' -m immediate -w stop" >/dev/null 2>&1 || echo "warning: could not stop PostgreSQL in $PG_DIR" >&2
  fi
  rm -rf "$PG_DIR"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PG_DIR"; fi
chmod 700 "$PG_DIR"
if ! run_pg "$PG_BIN/initdb -D '$PG_DIR/data' -A trust -U postgres --encoding=UTF8 --locale=C.UTF-8" >"$PG_DIR/initdb.log" 2>&1; then
  echo "initdb with C.UTF-8 failed; retrying with --locale=C"
  run_pg "rm -rf '$PG_DIR/data'"
  run_pg "$PG_BIN/initdb -D '$PG_DIR/data' -A trust -U postgres --encoding=UTF8 --locale=C" >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log"; exit 1; }
fi
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PG_PORT=""
for candidate in 55432 55433 55434 55435 55436 55437 55438 55439 56432 57432; do
  if port_busy "$candidate"; then continue; fi
  if run_pg "$PG_BIN/pg_ctl -D '$PG_DIR/data' -l '$PG_DIR/server.log' -o \"-c listen_addresses=127.0.0.1 -p $candidate -k '$PG_DIR'\" -w -t 60 start" >/dev/null; then
    PG_PORT=$candidate
    PG_STARTED=1
    break
  fi
done
if [ -z "$PG_PORT" ]; then
  echo "could not start PostgreSQL on any candidate port" >&2
  cat "$PG_DIR/server.log" >&2 || true
  exit 1
fi
export MEKONG_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
echo "PostgreSQL 15 on 127.0.0.1:$PG_PORT (data in $PG_DIR)"
done_phase "postgresql"

# --- 3. Restore, build, format -------------------------------------------------------------------------------------
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

phase "restore"
BUILD_OK=1
if ! dotnet restore Mekong.slnx; then
  echo "FAILED: dotnet restore" >&2
  CHECK_FAILURES=$((CHECK_FAILURES + 1))
  BUILD_OK=0
fi
done_phase "restore"

# Third-party clients the tests drive (tests/tools/*/: an npm package pinned by its lock file, node_modules not committed).
phase "test tools (npm ci)"
# node-open311 (ADR 0020) and the npm onvif package (ADR 0040); npm ci again only when the lock file changed.
for lock in tests/tools/*/package-lock.json; do
  [ -e "$lock" ] || continue
  tool_dir=$(dirname "$lock")
  if [ "$tool_dir/node_modules/.package-lock.json" -nt "$lock" ]; then continue; fi
  if ! (cd "$tool_dir" && npm ci --no-audit --no-fund --loglevel=error); then
    echo "FAILED: npm ci in $tool_dir" >&2
    CHECK_FAILURES=$((CHECK_FAILURES + 1))
  fi
done
done_phase "test tools"

if [ "$BUILD_OK" -eq 1 ]; then
  phase "build"
  if ! dotnet build Mekong.slnx --no-restore -warnaserror; then
    echo "FAILED: dotnet build" >&2
    CHECK_FAILURES=$((CHECK_FAILURES + 1))
    BUILD_OK=0
  fi
  done_phase "build"
fi

phase "format"
if [ "$BUILD_OK" -eq 1 ] || [ -d "$ROOT/src/Mekong.Server/obj" ]; then
  # Style and analyser rules are errors in the build itself (EnforceCodeStyleInBuild, -warnaserror, severities in
  # .editorconfig), so the separate check is whitespace only: the full `dotnet format` compiled everything again (~100 s).
  if ! dotnet format whitespace Mekong.slnx --verify-no-changes --no-restore; then
    echo "FAILED: dotnet format found whitespace to fix (run: dotnet format Mekong.slnx)" >&2
    CHECK_FAILURES=$((CHECK_FAILURES + 1))
  fi
else
  echo "skipped: nothing restored"
fi
done_phase "format"

# --- 4. Tests ------------------------------------------------------------------------------------------------------
# "Adding a module is one line" (tools/check-new-module.sh) builds a copy of the repository: it runs at the end of the
# browser lane, which finishes well before the integration tests do (a third process beside both only slowed them).
NEW_MODULE_STATUS="$RESULTS/check-new-module.status"
check_new_module() {
  local started=$SECONDS
  if tools/check-new-module.sh >"$RESULTS/check-new-module.log" 2>&1; then echo "ok $((SECONDS - started))" >"$NEW_MODULE_STATUS"; else echo "failed $((SECONDS - started))" >"$NEW_MODULE_STATUS"; fi
}
declare -a FAILED_PROJECTS=()
# Idle thread-pool workers block at once instead of spinning: the test processes already oversubscribe two cores
# (tens of in-memory servers with their background services), and spinning only took CPU from them (ADR 0038).
export DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0
# Two lanes side by side: the integration tests, and the browser tests (mostly waiting on Chromium and the server)
# with the small projects. Each project logs to its own file, printed whole when its lane is done.
run_project() {
  local project=$1 name
  name=$(basename "$project" .csproj)
  local started=$SECONDS
  if dotnet test "$project" --no-build --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS" >"$RESULTS/$name.log" 2>&1; then
    echo "ok $((SECONDS - started))" >"$RESULTS/$name.status"
  else
    echo "failed $((SECONDS - started))" >"$RESULTS/$name.status"
  fi
}
run_lane() { for project in "$@"; do run_project "$project"; done; }
if [ "$BUILD_OK" -eq 1 ]; then
  phase "tests (two lanes)"
  declare -a BROWSER_LANE=() OTHER_LANE=() ALL_PROJECTS=()
  for project in tests/*/*.csproj; do
    name=$(basename "$project" .csproj)
    # A support library (tests/Mekong.Testing) holds no tests.
    if grep -q '<IsTestProject>false</IsTestProject>' "$project"; then echo "skipped $name: not a test project"; continue; fi
    ALL_PROJECTS+=("$project")
    # The integration tests are the longest project by far: they get a lane of their own; the browser tests and the
    # small projects share the other.
    if [ "$name" = "Mekong.IntegrationTests" ]; then OTHER_LANE+=("$project"); else BROWSER_LANE+=("$project"); fi
  done
  (run_lane "${BROWSER_LANE[@]}"; check_new_module) &
  BROWSER_PID=$!
  run_lane "${OTHER_LANE[@]}"
  wait "$BROWSER_PID" || true
  for project in "${ALL_PROJECTS[@]}"; do
    name=$(basename "$project" .csproj)
    echo; echo "--- test $name"
    cat "$RESULTS/$name.log"
    read -r outcome took <"$RESULTS/$name.status" || { outcome=failed; took=0; }
    TIMINGS+=("$(printf '%-24s %4ds' "test $name" "$took")")
    if [ "$outcome" != ok ]; then FAILED_PROJECTS+=("$name"); fi
    if [ ! -f "$RESULTS/$name.trx" ]; then
      echo "FAILED: $name wrote no test results (crashed?)" >&2
      CHECK_FAILURES=$((CHECK_FAILURES + 1))
    fi
  done
  done_phase "tests (two lanes)"
else
  echo "tests not run: the build failed" >&2
fi
if [ "$BUILD_OK" -eq 1 ]; then
  read -r outcome took <"$NEW_MODULE_STATUS" || { outcome=failed; took=0; }
  if [ "$outcome" = ok ]; then
    tail -n 1 "$RESULTS/check-new-module.log"
  else
    echo "FAILED: tools/check-new-module.sh" >&2
    tail -n 40 "$RESULTS/check-new-module.log" >&2
    CHECK_FAILURES=$((CHECK_FAILURES + 1))
  fi
  TIMINGS+=("$(printf '%-24s %4ds' "check-new-module" "$took")")
fi

# --- 5. Summary ----------------------------------------------------------------------------------------------------
# Sums the <Counters .../> of every TRX file (node, not python: a fresh machine has node for the web build).
read -r PASSED FAILED SKIPPED < <(node -e '
  const fs = require("fs"), path = require("path");
  const dir = process.argv[1];
  let passed = 0, failed = 0, skipped = 0;
  for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    if (!file.endsWith(".trx")) continue;
    const xml = fs.readFileSync(path.join(dir, file), "utf8");
    const m = xml.match(/<Counters\b[^>]*>/);
    if (!m) { failed++; continue; }
    const n = k => { const a = m[0].match(new RegExp("\\b" + k + "=\"(\\d+)\"")); return a ? +a[1] : 0; };
    // xunit skips are outcome NotExecuted but not counted in notExecuted: a skip is whatever neither passed nor failed.
    const bad = n("failed") + n("error") + n("timeout") + n("aborted");
    passed += n("passed");
    failed += bad;
    skipped += Math.max(0, n("total") - n("passed") - bad);
  }
  console.log(passed, failed, skipped);
' "$RESULTS")
FAILED=$((FAILED + CHECK_FAILURES))
# What failed, from the TRX files: each failed test's message and the top of its stack, and every run-level error
# (a class or collection fixture that failed to clean up is reported there, not as a test), so that a failure seen
# only on CI can be read in its log.
node -e '
  const fs = require("fs"), path = require("path");
  const dir = process.argv[1];
  const text = s => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&apos;/g, "'"'"'").replace(/&amp;/g, "&");
  const cut = (s, n) => text(s).split("\n").slice(0, n).join("\n");
  for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    if (!file.endsWith(".trx")) continue;
    const xml = fs.readFileSync(path.join(dir, file), "utf8");
    for (const m of xml.matchAll(/<UnitTestResult\b[^>]*outcome="(?:Failed|Error|Timeout|Aborted)"[^>]*>([\s\S]*?)<\/UnitTestResult>/g)) {
      const name = (m[0].match(/testName="([^"]*)"/) || [])[1] || "?";
      const message = (m[1].match(/<Message>([\s\S]*?)<\/Message>/) || [])[1] || "";
      const stack = (m[1].match(/<StackTrace>([\s\S]*?)<\/StackTrace>/) || [])[1] || "";
      console.log("FAILED " + text(name) + "\n  " + cut(message, 12).replace(/\n/g, "\n  ") + "\n  " + cut(stack, 12).replace(/\n/g, "\n  "));
    }
    for (const m of xml.matchAll(/<RunInfo\b[^>]*outcome="(?:Error|Failed)"[^>]*>[\s\S]*?<Text>([\s\S]*?)<\/Text>/g)) {
      console.log("RUN ERROR in " + file + "\n  " + cut(m[1], 40).replace(/\n/g, "\n  "));
    }
  }
' "$RESULTS" >&2
# A project whose run failed without a failed test in its TRX (host crash, bad exit) still counts once.
if [ "$FAILED" -eq 0 ] && [ ${#FAILED_PROJECTS[@]} -gt 0 ]; then FAILED=${#FAILED_PROJECTS[@]}; fi

echo
echo "Timings:"
for t in "${TIMINGS[@]}"; do echo "  $t"; done
echo "  $(printf '%-24s %4ds' total $((SECONDS - START)))"
if [ ${#FAILED_PROJECTS[@]} -gt 0 ]; then echo "Projects with failures: ${FAILED_PROJECTS[*]}"; fi
if [ "$CHECK_FAILURES" -gt 0 ]; then echo "Failed checks (restore/build/format/crash): $CHECK_FAILURES"; fi
echo "Results: $RESULTS"
echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"

if [ "$FAILED" -gt 0 ] || [ "$PASSED" -eq 0 ] || [ ${#FAILED_PROJECTS[@]} -gt 0 ]; then
  exit 1
fi
exit 0
