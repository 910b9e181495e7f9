#!/usr/bin/env bash
# Cold start to /health/ready and memory after start: Mekong beside a bare Kestrel app, same run, same machine.
# Usage: bench/coldstart.sh [runs]   (Release build; loopback only)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
dotnet build src/Mekong.Server -c Release -o artifacts/bench/server -v q -nologo
dotnet build bench/BareKestrel -c Release -o artifacts/bench/bare -v q -nologo
dotnet build bench/Mekong.Bench -c Release -o artifacts/bench/tool -v q -nologo
dotnet artifacts/bench/tool/Mekong.Bench.dll coldstart --server artifacts/bench/server/Mekong.Server.dll --bare artifacts/bench/bare/BareKestrel.dll --runs "$runs"
