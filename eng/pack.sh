#!/usr/bin/env bash
# Packs GenAi.MLNet (with its notebook kernel extension) into artifacts/feed, the local feed that
# notebooks/nuget.config points at, and drops the cached copy so notebooks pick up this build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="0.1.0-local"
configuration="${CONFIGURATION:-Release}"
cd "$root"
dotnet tool restore >/dev/null
dotnet build src/GenAi.MLNet.Interactive -c "$configuration" -p:Version="$version" --nologo -clp:ErrorsOnly
mkdir -p artifacts/feed
rm -f "artifacts/feed/GenAi.MLNet.$version.nupkg"
dotnet pack src/GenAi.MLNet -c "$configuration" --no-build -p:Version="$version" -o artifacts/feed --nologo -clp:ErrorsOnly >/dev/null
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/genai.mlnet/$version"
echo "packed artifacts/feed/GenAi.MLNet.$version.nupkg"
