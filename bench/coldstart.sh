#!/usr/bin/env bash
# Cold start to /health/ready and memory after start: Mekong beside a bare Kestrel app, same run, same machine.
# Both are published the way production runs them (Release, ReadyToRun). Loopback only.
# Usage: bench/coldstart.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
out=artifacts/bench
publish() { dotnet publish "$1" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$2" -v q -nologo; }
publish src/Mekong.Server "$out/server"
publish bench/BareKestrel "$out/bare"
dotnet build bench/Mekong.Bench -c Release -o "$out/tool" -v q -nologo
dotnet "$out/tool/Mekong.Bench.dll" coldstart --server "$out/server/Mekong.Server.dll" --bare "$out/bare/BareKestrel.dll" --runs "$runs"
