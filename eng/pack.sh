#!/usr/bin/env bash
# Packs GenAi.MLNet (with its notebook kernel extension) and GenAi.MLNet.Courseware (the notebooks'
# budget, checks and lab) into artifacts/feed, the local feed that notebooks/nuget.config points at, and
# drops the cached copies so notebooks pick up this build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="0.1.0-local"
configuration="${CONFIGURATION:-Release}"
cd "$root"
dotnet tool restore >/dev/null
dotnet build src/GenAi.MLNet.Interactive -c "$configuration" -p:Version="$version" --nologo -clp:ErrorsOnly
dotnet build src/GenAi.MLNet.Courseware -c "$configuration" -p:Version="$version" --nologo -clp:ErrorsOnly
mkdir -p artifacts/feed
for package in GenAi.MLNet GenAi.MLNet.Courseware; do
  rm -f "artifacts/feed/$package.$version.nupkg"
  dotnet pack "src/$package" -c "$configuration" --no-build -p:Version="$version" -o artifacts/feed --nologo -clp:ErrorsOnly >/dev/null
  lower="$(echo "$package" | tr '[:upper:]' '[:lower:]')"
  rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/$lower/$version"
  echo "packed artifacts/feed/$package.$version.nupkg"
done
