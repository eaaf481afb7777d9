#!/usr/bin/env bash
# Benchmarks cpuidmask on this machine. Run from the repository root:  bash src/bench/bench.sh [scale|jmh|yaml|e2e|libvirt|start|all]
#  scale:   the rows of issue 17, on estates of diverse CPUs (estate --cpus BENCH_CPUS, default the shared corpus
#           of real dumps beside the checkout, else profiles/: 400 CPU kinds, 3 distinct ones per cluster), every
#           shipped guest, --format json, -Xmx2g, through bin/cpuidmask, BENCH_RUNS (default 3) runs each, median:
#           100,000 hosts in 1,000 clusters, first check (no profile cache) and re-check (cache warm), each with
#           the phases -Dcpuidmask.timing=true prints and the peak RSS; the report's size and finding count;
#           5,000 clusters of one host each, and 10,000 hosts in 100 clusters beside it; one cluster of 1,000 and
#           of 5,000 hosts side by side with `virsh cpu-baseline --features` (the cost of each further host, as a
#           ratio to virsh's); the 100,000-host re-check with the default formats (text, json, md, html);
#           and cold `bin/cpuidmask check profiles/seed` (hyperfine when installed). Ends with a Markdown
#           table of every row beside its goal (issue 17), which is what README's "Scale and speed" shows.
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
# The caches (rules, parsed profiles) go to target/bench/cache, never the user's. Absolute figures move with the
# machine's load: on a machine shared with other builds, run the rows again and report both.
set -euo pipefail
cd "$(dirname "$0")/../.."
what=${1:-all}
work=${BENCH_DIR:-target/bench}
mkdir -p "$work"
[[ -n ${BENCH_NO_BUILD:-} ]] || mvn -q -DskipTests package # BENCH_NO_BUILD=1: the jar as last built
jar=target/cpuidmask.jar
launcher=target/cpuidmask/bin/cpuidmask
export CPUIDMASK_CACHE="$PWD/$work/cache"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
spread() { sort -n | awk '{a[NR]=$1} END {printf "%s to %s", a[1], a[NR]}'; }
timed() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
median5() { for i in 1 2 3 4 5; do timed "$@"; done | median; }
forget_profiles() { rm -f "$CPUIDMASK_CACHE"/profiles-*.bin; }
cold5() { for i in 1 2 3 4 5; do forget_profiles; timed "$@"; done | median; }
estate() { # hosts clusters dir [libvirt xml]
  [[ -d $3 ]] || java -jar $jar estate --hosts "$1" --clusters "$2" --out "$3" ${4:+--libvirt-cpus "$4"} >/dev/null
}

if [[ $what == scale || $what == all ]]; then
  cpus=${BENCH_CPUS:-../shared/corpus/libcpuid}
  [[ -d $cpus ]] || cpus=profiles
  runs=${BENCH_RUNS:-3}
  echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1); CPUs from $cpus"
  scale_estate() { # hosts clusters dir [libvirt xml]
    [[ -d $3 ]] || java -jar $jar estate --cpus "$cpus" --hosts "$1" --clusters "$2" --out "$3" \
      ${4:+--libvirt-cpus "$4"} >/dev/null 2>&1
  }
  # One run: "seconds peak-RSS-KB" on stdout, the phases (-Dcpuidmask.timing) in $work/phases.txt.
  measured() {
    CPUIDMASK_JAVA_OPTS="-Xmx2g -Dcpuidmask.timing=true" /usr/bin/time -f "%e %M" -o "$work/time.txt" \
      "$@" >/dev/null 2>"$work/phases.txt" || true
    tail -1 "$work/time.txt" # after "Command exited with non-zero status 1": a FAIL is no failure here
  }
  phases() { grep '^timing:' "$work/phases.txt" | sed 's/^timing: //' | paste -sd ';' -; }
  # runs of one check: sets med (median seconds), rss (highest peak RSS, MB) and row (the line printed)
  checks() { # cold|warm dir out [check options...]
    local mode=$1 d=$2 o=$3 t=() r=() line
    shift 3
    for i in $(seq "$runs"); do
      [[ $mode == cold ]] && forget_profiles
      line=$(measured $launcher check "$d" --quiet --out "$o" "${@:---format=json}")
      t+=("${line% *}"); r+=("${line#* }")
    done
    med=$(printf '%s\n' "${t[@]}" | median)
    rss=$(( $(printf '%s\n' "${r[@]}" | sort -n | tail -1) / 1024 ))
    row=$(printf "%.2f s median (%s s over %s runs), peak RSS %s MB; last run: %s" \
      "$med" "$(printf '%s\n' "${t[@]}" | spread)" "$runs" "$rss" "$(phases)")
  }
  rows=() # the summary table: "run|measured|goal"
  dir="$work/scale-100000"; out="$work/out-scale"
  scale_estate 100000 1000 "$dir"
  $launcher check profiles/seed --quiet --out "$out" >/dev/null 2>&1 || true # the rule cache
  checks cold "$dir" "$out"; echo "100,000 hosts in 1,000 clusters, first check: $row"
  rows+=("100,000 hosts in 1,000 clusters, first check (no profile cache)|$(printf '%.1f s, peak RSS %s MB' "$med" "$rss")|<= 15 s")
  checks warm "$dir" "$out"; echo "100,000 hosts in 1,000 clusters, re-check:    $row"
  rows+=("the same, re-check (profile cache warm)|$(printf '%.1f s, peak RSS %s MB' "$med" "$rss")|<= 8 s, RSS <= 1.5 GB")
  findings=$(grep -o '"rule" : "' "$out/report.json" | wc -l)
  mb=$(( $(stat -c %s "$out/report.json") / 1000000 ))
  printf "report.json: %s MB, %s findings\n" "$mb" "$findings"
  rows+=("report.json of that check|$mb MB, $findings findings|grouped")
  checks warm "$dir" "$out" --format=text --format=json --format=md --format=html
  echo "the same, default formats (text, json, md, html): $row"
  rows+=("the same with the default formats (text, json, md, html), re-check|$(printf '%.1f s, peak RSS %s MB' "$med" "$rss")|within -Xmx2g")
  scale_estate 5000 5000 "$work/scale-5000x1"
  scale_estate 10000 100 "$work/scale-10000"
  checks warm "$work/scale-5000x1" "$out"; echo "5,000 clusters of one host each:   $row"
  rows+=("5,000 clusters of one host each|$(printf '%.1f s' "$med")|<= 4 s")
  checks warm "$work/scale-10000" "$out"; echo "10,000 hosts in 100 clusters:      $row"
  rows+=("10,000 hosts in 100 clusters|$(printf '%.1f s' "$med")|")
  if command -v virsh >/dev/null; then
    declare -A sv sc
    for h in 1000 5000; do
      d="$work/scale-libvirt-$h"
      scale_estate "$h" 1 "$d/hosts" "$d/cpus.xml"
      $launcher check "$d/hosts" --quiet --format json --out "$out" >/dev/null 2>&1 || true # warm caches
      sv[$h]=$(for i in $(seq "$runs"); do timed virsh -c test:///default cpu-baseline --features "$d/cpus.xml"; done | median)
      sc[$h]=$(for i in $(seq "$runs"); do timed $launcher check "$d/hosts" --quiet --format json --out "$out"; done | median)
      printf "one cluster of %s hosts: virsh cpu-baseline %.2f s, check (every guest) %.2f s\n" "$h" "${sv[$h]}" "${sc[$h]}"
    done
    per() { echo "($1 - $2) * 1000000 / 4000" | bc -l; }
    ratio=$(echo "(${sc[5000]} - ${sc[1000]}) / (${sv[5000]} - ${sv[1000]})" | bc -l)
    printf "each further host (1,000 -> 5,000 in one cluster): virsh %.0f us, check %.0f us: %.2fx virsh's cost\n" \
      "$(per "${sv[5000]}" "${sv[1000]}")" "$(per "${sc[5000]}" "${sc[1000]}")" "$ratio"
    rows+=("one cluster of 1,000 / 5,000 hosts: \`virsh cpu-baseline --features\` / \`check\` (12 guests)|$(printf '%.2f / %.2f s; %.2f / %.2f s' "${sv[1000]}" "${sv[5000]}" "${sc[1000]}" "${sc[5000]}")|")
    rows+=("each further host in that cluster, as a ratio to virsh's|$(printf '%.0f us against %.0f us: %.2fx' "$(per "${sc[5000]}" "${sc[1000]}")" "$(per "${sv[5000]}" "${sv[1000]}")" "$ratio")|<= 0.5x")
  else
    echo "virsh not installed (Debian libvirt-clients): the one-cluster comparison is skipped"
  fi
  seed="$launcher check profiles/seed --out $work/out-seed"
  if command -v hyperfine >/dev/null; then
    hyperfine -N -i --style none --warmup 1 --runs 10 --export-json "$work/seed.json" "$seed" >/dev/null 2>&1
    s=$(grep -o '"median": *[0-9.]*' "$work/seed.json" | grep -o '[0-9.]*$'); how="median of 10 (hyperfine)"
  else
    s=$(for i in $(seq 10); do timed $seed; done | median); how="median of 10"
  fi
  printf "cold bin/cpuidmask check profiles/seed: %.3f s %s\n" "$s" "$how"
  rows+=("cold \`bin/cpuidmask check profiles/seed\` (rules cached)|$(printf '%.2f s, %s' "$s" "$how")|<= 1.0 s")
  echo
  echo "| run | measured | goal |"
  echo "|---|---|---|"
  for r in "${rows[@]}"; do echo "| ${r//|/ | } |"; done
fi

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
