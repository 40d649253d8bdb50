#!/usr/bin/env bash
# Soak of the exported robot jar (issue 18): bench/soak/run.sh [minutes] [bounce-minutes]
# Builds what is needed, runs mechos.itest's SoakBench (simulator + patrol + recorder + a loopback LLM stand-in with
# valid and invalid replies + page polling + a driver bundle stopped/started every few minutes), then plots the
# samples with gnuplot (Debian: gnuplot-nox) into bench/soak/soak.png and copies the CSV and verdict here.
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes="${1:-60}"
bounce="${2:-5}"
mvn -B -q -pl mechos.itest -am verify -Dit.test=SoakBench -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    -Dfailsafe.failIfNoSpecifiedTests=false -Dsoak.minutes="$minutes" -Dsoak.bounceMinutes="$bounce" \
    -Dfailsafe.timeout=0 || status=$?
work=mechos.itest/target/itest-work/soak
out=bench/soak/latest; mkdir -p "$out"; cp "$work/samples.csv" "$out/samples.csv"
[ -f "$work/verdict.txt" ] && cp "$work/verdict.txt" "$out/verdict.txt"
if command -v gnuplot >/dev/null; then
  gnuplot -e "csv='$out/samples.csv'; png='$out/soak.png'" bench/soak/plot.gp
else
  echo "gnuplot not installed (apt-get install gnuplot-nox): samples in bench/soak/samples.csv" >&2
fi
exit "${status:-0}"
