#!/usr/bin/env bash
# Benchmarks cpuidmask on this machine. Run from the repository root:  bash src/bench/bench.sh [jmh|yaml|e2e|libvirt|start|all]
#  jmh:     JMH, the engine alone: shipped Drools rules vs a plain-Java bitwise masking pass (ratio).
#  yaml:    JMH, the YAML reader alone: yamlbeans' event parser pulling every event vs SafeYaml.readAll
#           (documents, lines, refusals) on the same texts, the shipped profiles and 1,000 hosts (ratio).
#  e2e:     end to end from bin/cpuidmask to reports written, median of 5, on generated estates of real
#           CPUs (1k, 10k, 100k hosts; -Xmx2g; every shipped guest): with the profile cache warm (the
#           files were checked before) and cold (first check of these files), and `check profiles/seed`.
#  libvirt: one cluster side by side with `virsh -c test:///default cpu-baseline --features` on the same
#           hosts: 1,000 and 6,500 hosts (6,500 of these CPUs stay under virsh's 10 MB file limit), so
#           that both the total and the cost of each further host (the slope) compare; and 10,000 hosts,
#           which virsh refuses.
#  start:   start-up, side by side: the distribution's launcher (target/cpuidmask/bin/cpuidmask: class-data
#           archive, quick JIT for short runs) and the plain `java -jar target/cpuidmask.jar`, cold JVMs,
#           median of BENCH_RUNS (default 10) runs each, with hyperfine when installed (Debian: hyperfine)
#           else a plain loop: `--version`, `check profiles/seed`, the seed without the archive; then
#           a 100,000-host check both ways (median of 3, -Xmx2g), which the launcher must not slow down.
# The caches (rules, parsed profiles) go to target/bench/cache, never the user's.
set -euo pipefail
cd "$(dirname "$0")/../.."
what=${1:-all}
work=${BENCH_DIR:-target/bench}
mkdir -p "$work"
mvn -q -DskipTests package
jar=target/cpuidmask.jar
launcher=target/cpuidmask/bin/cpuidmask
export CPUIDMASK_CACHE="$PWD/$work/cache"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
median5() { for i in 1 2 3 4 5; do timed "$@"; done | median; }
forget_profiles() { rm -f "$CPUIDMASK_CACHE"/profiles-*.bin; }
cold5() { for i in 1 2 3 4 5; do forget_profiles; timed "$@"; done | median; }
estate() { # hosts clusters dir [libvirt xml]
  [[ -d $3 ]] || java -jar $jar estate --hosts "$1" --clusters "$2" --out "$3" ${4:+--libvirt-cpus "$4"} >/dev/null
}

if [[ $what == start || $what == all ]]; then
  echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
  runs=${BENCH_RUNS:-10}
  out="$work/out-start"
  seed="check profiles/seed --out $out"
  $launcher $seed >/dev/null 2>&1 || true # the rule cache
  names=("bin/cpuidmask --version" "java -jar --version" "bin/cpuidmask check profiles/seed"
         "java -jar check profiles/seed" "bin/cpuidmask check profiles/seed, CPUIDMASK_ARCHIVE=off")
  commands=("$launcher --version" "java -jar $jar --version" "$launcher $seed" "java -jar $jar $seed"
            "env CPUIDMASK_ARCHIVE=off $launcher $seed")
  if command -v hyperfine >/dev/null; then
    args=()
    for i in "${!names[@]}"; do args+=(-n "${names[$i]}" "${commands[$i]}"); done
    hyperfine -N -i --style basic --warmup 1 --runs "$runs" --export-json "$work/start.json" "${args[@]}" \
      >/dev/null 2> >(grep -v -e 'Ignoring non-zero exit code' -e '^ *$' >&2) # check exits 1: the seed FAILs
    mapfile -t medians < <(grep -o '"median": *[0-9.]*' "$work/start.json" | grep -o '[0-9.]*$')
    mapfile -t mins < <(grep -o '"min": *[0-9.]*' "$work/start.json" | grep -o '[0-9.]*$')
    for i in "${!names[@]}"; do
      printf "%-58s %.3f s median, %.3f s fastest of %s (hyperfine)\n" "${names[$i]}:" "${medians[$i]}" "${mins[$i]}" "$runs"
    done
  else
    for i in "${!names[@]}"; do
      read -ra cmd <<< "${commands[$i]}"
      printf "%-58s %.3f s median of %s\n" "${names[$i]}:" \
        "$(for r in $(seq "$runs"); do timed "${cmd[@]}"; done | median)" "$runs"
    done
  fi
  dir="$work/estate-100000"
  estate 100000 1000 "$dir"
  big="check $dir --quiet --format json --out $work/out-100000"
  timed java -Xmx2g -jar $jar $big >/dev/null # the profile cache
  j=$(for r in 1 2 3; do timed java -Xmx2g -jar $jar $big; done | median)
  l=$(for r in 1 2 3; do CPUIDMASK_JAVA_OPTS=-Xmx2g timed $launcher $big; done | median)
  printf "check 100,000 hosts, -Xmx2g, profile cache warm: java -jar %.2f s, bin/cpuidmask %.2f s (medians of 3)\n" "$j" "$l"
fi

jmh() { # benchmark, then JMH's options
  mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >/dev/null
  java -cp "target/test-classes:target/classes:$(cat "$work/cp.txt")" org.openjdk.jmh.Main "$@"
}

if [[ $what == jmh || $what == all ]]; then
  jmh EngineBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s -rf json -rff "$work/jmh.json" | tail -8
fi

if [[ $what == yaml || $what == all ]]; then
  jmh YamlReadBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s -rf json -rff "$work/yaml.json" | tail -5
fi

if [[ $what == e2e || $what == all ]]; then
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
  rm -rf "$CPUIDMASK_CACHE"
  first=$(timed $launcher check profiles/seed --out "$work/out")
  printf "check profiles/seed, very first run (rules compiled): %.2f s\n" "$first"
  printf "check profiles/seed, cold JVM, caches warm: %.2f s (median of 5)\n" \
    "$(median5 $launcher check profiles/seed --out "$work/out")"
  for spec in 1000/10 10000/100 100000/1000; do
    h=${spec%/*}; c=${spec#*/}; dir="$work/estate-$h"
    estate "$h" "$c" "$dir"
    run=(env CPUIDMASK_JAVA_OPTS=-Xmx2g $launcher check "$dir" --quiet --format json --out "$work/out-$h")
    timed "${run[@]}" >/dev/null # the profile cache
    printf "check %s hosts in %s clusters, every guest, -Xmx2g: profile cache warm %.2f s, cold %.2f s (medians of 5)\n" \
      "$h" "$c" "$(median5 "${run[@]}")" "$(cold5 "${run[@]}")"
  done
fi

if [[ $what == libvirt || $what == all ]]; then
  if command -v virsh >/dev/null; then
    declare -A v c b
    for h in 1000 6500; do
      dir="$work/libvirt-$h"
      estate "$h" 1 "$dir/hosts" "$dir/cpus.xml"
      timed $launcher check "$dir/hosts" --quiet --format json --out "$work/out-lv" >/dev/null # warm caches
      v[$h]=$(median5 virsh -c test:///default cpu-baseline --features "$dir/cpus.xml")
      b[$h]=$(median5 $launcher baseline "$dir/hosts" --format json)
      c[$h]=$(median5 $launcher check "$dir/hosts" --quiet --format json --out "$work/out-lv")
      printf "one cluster of %s hosts (%s bytes of libvirt XML): virsh cpu-baseline %.2f s; cpuidmask baseline %.2f s (%.1fx); check, every guest, %.2f s (%.1fx)\n" \
        "$h" "$(stat -c %s "$dir/cpus.xml")" "${v[$h]}" "${b[$h]}" "$(echo "${b[$h]} / ${v[$h]}" | bc -l)" \
        "${c[$h]}" "$(echo "${c[$h]} / ${v[$h]}" | bc -l)"
    done
    slope() { echo "($1 - $2) * 1000000 / 5500" | bc -l; }  # microseconds per host from 1,000 to 6,500 hosts
    printf "each further host (1,000 -> 6,500): virsh %.0f us; cpuidmask baseline %.0f us, check %.0f us\n" \
      "$(slope "${v[6500]}" "${v[1000]}")" "$(slope "${b[6500]}" "${b[1000]}")" "$(slope "${c[6500]}" "${c[1000]}")"
    dir="$work/libvirt-10000"
    estate 10000 1 "$dir/hosts" "$dir/cpus.xml"
    virsh -c test:///default cpu-baseline --features "$dir/cpus.xml" >/dev/null 2>"$work/virsh-10000.err" || true
    timed $launcher check "$dir/hosts" --quiet --format json --out "$work/out-lv" >/dev/null
    printf "one cluster of 10,000 hosts: virsh: %s; cpuidmask check %.2f s, profile cache cold %.2f s\n" \
      "$(sed -n 1p "$work/virsh-10000.err" | cut -c1-90)" \
      "$(median5 $launcher check "$dir/hosts" --quiet --format json --out "$work/out-lv")" \
      "$(cold5 $launcher check "$dir/hosts" --quiet --format json --out "$work/out-lv")"
  else
    echo "virsh not installed (Debian libvirt-clients): libvirt comparison skipped"
  fi
fi
