#!/bin/sh
# Builds the OctoMap side of the perception benchmark (octomap_bench) against Debian's liboctomap-dev.
# Installs the package non-interactively only when it is missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if ! [ -f /usr/include/octomap/octomap.h ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q liboctomap-dev
fi
out=${1:-$here/target}
mkdir -p "$out"
g++ -O2 -std=c++17 -o "$out/octomap_bench" "$here/octomap_bench.cpp" -loctomap -loctomath
echo "$out/octomap_bench"
