#!/usr/bin/env bash
# Proves that adding a module is one line (issue 13): in a temporary copy of the repository tools/new-module.sh makes
# a module, ONE line goes into the module table, and only the Server (then the architecture tests) is built. The new
# module must then show up with its migration (applied on SQLite), its verb, its endpoint (401 without a key,
# 200 with a Viewer key, listed in OpenAPI) and its architecture tests. test.sh runs this beside the test projects.
# KEEP=1 keeps the copy for a look afterwards.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
NAME=ProbeNotes
KEBAB=probe-notes
SCHEMA=probe_notes
WORK=$(mktemp -d /tmp/mekong-new-module.XXXXXX)
SERVER_PID=""
START=$SECONDS
step() { echo "[check-new-module $((SECONDS - START))s] $*"; }
fail() { echo "[check-new-module] FAILED: $*" >&2; exit 1; }
cleanup() {
  local status=$?
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$status"
}
trap cleanup EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step "copy the working tree (tracked and new files, no build output) to $WORK/repo"
mkdir -p "$WORK/repo"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -C "$WORK/repo" -xf -
# The npm packages, with their time stamps, so that the web project's build does not run 'npm ci' (no network here).
if [ -d "$ROOT/src/Mekong.Web/node_modules" ]; then cp -a "$ROOT/src/Mekong.Web/node_modules" "$WORK/repo/src/Mekong.Web/"; fi
cd "$WORK/repo"

step "tools/new-module.sh $NAME"
tools/new-module.sh "$NAME" >"$WORK/new-module.log" 2>&1 || { cat "$WORK/new-module.log"; fail "new-module.sh"; }
ls src/Modules/$NAME/Storage/Migrations/Sqlite/*_Initial.cs src/Modules/$NAME/Storage/Migrations/PostgreSql/*_Initial.cs >/dev/null \
  || fail "no first migration for both providers"
grep -q "Modules/$NAME/Mekong.Modules.$NAME.csproj" Mekong.slnx || fail "not in Mekong.slnx"
grep -q "Modules/$NAME/Mekong.Modules.$NAME.csproj" src/Mekong.Server/Mekong.Server.csproj || fail "not referenced by the Server"

step "the one line in the module table"
TABLE=src/Mekong.Server/Hosting/ModuleTable.cs
sed -i "s|^\(\s*\)AccessModule.Module,|&\n\1Mekong.Modules.$NAME.${NAME}Module.Module,|" "$TABLE"
[ "$(diff "$ROOT/$TABLE" "$TABLE" | grep -c '^[<>]')" = 1 ] || fail "more than one line changed in $TABLE"
grep -q "${NAME}Module.Module," "$TABLE" || fail "could not add the line to $TABLE"

step "build the Server only"
dotnet build src/Mekong.Server/Mekong.Server.csproj -warnaserror -v q -nologo >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log"; fail "build"; }
dotnet format "src/Modules/$NAME/Mekong.Modules.$NAME.csproj" --verify-no-changes --no-restore || fail "the generated module is not format-clean"

SERVER="dotnet src/Mekong.Server/bin/Debug/net10.0/Mekong.Server.dll"
export Mekong__DataDirectory="$WORK/data" Mekong__Demo=false Mekong__Database__Provider=Sqlite Logging__LogLevel__Default=Warning
unset ASPNETCORE_ENVIRONMENT DOTNET_ENVIRONMENT

step "migrate, the verb, a key"
env "Logging__LogLevel__Mekong.Platform.Storage.MigrationRunner=Information" $SERVER migrate >"$WORK/migrate.log" 2>&1 || { cat "$WORK/migrate.log"; fail "migrate"; }
grep "Applying" "$WORK/migrate.log" | grep -q "$SCHEMA" || { cat "$WORK/migrate.log"; fail "migrate did not apply a migration of $SCHEMA"; }
verb=$($SERVER "$KEBAB" list 2>&1) || fail "'$KEBAB list' failed: $verb"
[[ "$verb" == "0 item(s)"* ]] || fail "'$KEBAB list' printed: $verb"
$SERVER jurisdictions create --code 99 --name-vi "Tỉnh Thử" >/dev/null 2>&1 || fail "jurisdictions create"
KEY=$($SERVER apikeys create --name probe --role Viewer --jurisdiction 99 2>/dev/null | grep '^mk_') || fail "apikeys create"

step "serve and call the endpoint"
# Plain bash HTTP (no curl on a bare CI machine). HTTP/1.0: the answer is not chunked and the connection closes.
http_get() { # PATH [HEADER] -> the whole response
  exec 3<>"/dev/tcp/127.0.0.1/$PORT" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\n%s\r\n' "$1" "$PORT" "${2:+$2$'\r\n'}" >&3
  cat <&3
  exec 3<&-
}
status_of() { head -n1 | cut -d' ' -f2; }
PORT=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 30000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then PORT=$candidate; break; fi
done
[ -n "$PORT" ] || fail "no free port"
$SERVER --urls "http://127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
ready=""
for _ in $(seq 1 240); do
  if [ "$(http_get /health/ready 2>/dev/null | status_of)" = 200 ]; then ready=1; break; fi
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; fail "the server stopped"; }
  sleep 0.5
done
[ -n "$ready" ] || { cat "$WORK/server.log"; fail "the server did not get ready"; }
anonymous=$(http_get "/api/v1/$KEBAB/items" | status_of)
[ "$anonymous" = 401 ] || fail "anonymous GET /api/v1/$KEBAB/items answered $anonymous, not 401"
response=$(http_get "/api/v1/$KEBAB/items" "X-Api-Key: $KEY")
[ "$(printf '%s\n' "$response" | status_of)" = 200 ] || fail "GET /api/v1/$KEBAB/items with a Viewer key: $response"
[[ "$response" == *'"total":0'* ]] || fail "unexpected answer: $response"
http_get /openapi/v1.json | grep -q "/api/v1/$KEBAB/items" || fail "the endpoint is not in OpenAPI"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""

step "the architecture tests cover the new module"
dotnet build tests/Mekong.ArchitectureTests -warnaserror -v q -nologo >"$WORK/build-arch.log" 2>&1 || { tail -40 "$WORK/build-arch.log"; fail "build of the architecture tests"; }
dotnet test tests/Mekong.ArchitectureTests --no-build -v q --logger "console;verbosity=normal" >"$WORK/arch.log" 2>&1 || { tail -60 "$WORK/arch.log"; fail "architecture tests"; }
grep -q "Mekong.Modules.$NAME" "$WORK/arch.log" || { tail -60 "$WORK/arch.log"; fail "no architecture test names the new module"; }

step "passed: module $NAME made, one line added, endpoint + migration + verb + architecture tests in $((SECONDS - START))s"
