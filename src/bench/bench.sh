#!/usr/bin/env bash
# Benchmarks cpuidmask on this machine. Run from the repository root:  bash src/bench/bench.sh [jmh|e2e|libvirt|all]
#  jmh: JMH, the engine alone: shipped Drools rules vs a plain-Java bitwise masking pass (ratio).
#  e2e: end to end from `java -jar` to reports written, median of 5, on generated estates of real CPUs
#       (1k, 10k, 100k hosts; -Xmx2g), and `check profiles/seed` from a cold JVM.
#  libvirt: one cluster side by side with `virsh -c test:///default cpu-baseline --features` on the
#       same hosts (3,500: the most of these CPUs whose XML stays under virsh's 10 MB file limit).
set -euo pipefail
cd "$(dirname "$0")/../.."
what=${1:-all}
work=${BENCH_DIR:-target/bench}
mkdir -p "$work"
mvn -q -DskipTests package
jar=target/cpuidmask.jar

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }

if [[ $what == jmh || $what == all ]]; then
  mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >/dev/null
  java -cp "target/test-classes:target/classes:$(cat "$work/cp.txt")" org.openjdk.jmh.Main EngineBenchmark \
    -f 1 -wi 2 -i 3 -w 2s -r 3s -rf json -rff "$work/jmh.json" | tail -8
fi

if [[ $what == libvirt || $what == all ]]; then
  if command -v virsh >/dev/null; then
    dir="$work/libvirt-3500"
    [[ -d $dir ]] || java -jar $jar estate --hosts 3500 --clusters 1 --out "$dir/hosts" --libvirt-cpus "$dir/cpus.xml" >/dev/null
    v=$(for i in 1 2 3 4 5; do timed virsh -c test:///default cpu-baseline --features "$dir/cpus.xml"; done | median)
    b=$(for i in 1 2 3 4 5; do timed java -jar $jar baseline "$dir/hosts" --format json; done | median)
    c=$(for i in 1 2 3 4 5; do timed java -jar $jar check "$dir/hosts" --quiet --format json --out "$work/out-lv"; done | median)
    printf "one cluster of 3,500 hosts: virsh cpu-baseline %.2f s; cpuidmask baseline %.2f s (%.1fx); check, every guest, %.2f s (%.1fx)\n" \
      "$v" "$b" "$(echo "$b / $v" | bc -l)" "$c" "$(echo "$c / $v" | bc -l)"
  else
    echo "virsh not installed (Debian libvirt-clients): libvirt comparison skipped"
  fi
fi

if [[ $what == e2e || $what == all ]]; then
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
  java -jar $jar check profiles/seed --format text --out "$work/out" >/dev/null 2>&1 || true   # fills the rule cache
  for i in 1 2 3 4 5; do timed java -jar $jar check profiles/seed --format text --out "$work/out"; done | median \
    | xargs printf "check profiles/seed, cold JVM, rule cache warm: %.2f s (median of 5)\n"
  for spec in 1000/10 10000/100 100000/1000; do
    h=${spec%/*}; c=${spec#*/}; dir="$work/estate-$h"
    [[ -d $dir ]] || java -jar $jar estate --hosts "$h" --clusters "$c" --out "$dir" >/dev/null
    for i in 1 2 3 4 5; do timed java -Xmx2g -jar $jar check "$dir" --quiet --format json --out "$work/out-$h"; done | median \
      | xargs printf "check %s hosts in %s clusters, every guest, -Xmx2g: %.2f s (median of 5)\n" "$h" "$c"
  done
fi
