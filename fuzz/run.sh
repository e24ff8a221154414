#!/usr/bin/env bash
# Coverage-guided fuzzing of every decoder, the typed round trip, the spec loader and the
# expression parser (issue 12, point 4; docs/reliability.md, "Fuzzing", has the figures).
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#
# SECONDS_PER_TARGET defaults to 600; the targets default to all of them, run one after the
# other, each in one process (the machine's other cores stay free). Works from a fresh clone:
# installs cargo-fuzz if it is missing (the nightly toolchain must be there: rustup toolchain
# install nightly), seeds each target's corpus from the test fixtures, builds, runs, and
# prints one line per target. A target stops at its first crash, timeout or memory blow-up;
# libFuzzer saves the input under fuzz/artifacts/<target>/. The script exits non-zero if any
# target found something.
#
# What a finding becomes: a file under tests/fixtures/fuzz-regressions/<target>/, replayed
# with the saved corpus by `cargo test -p pspec-tests --test fuzz_corpus` on stable, and a fix.
# After a long run, minimise the corpus before committing it:
#   cargo +nightly fuzz cmin -a <target> fuzz/corpus/<target>   (from the repository root)
set -euo pipefail

cd "$(dirname "$0")"
fuzz_dir="$PWD"
root="$(cd .. && pwd)"

seconds="${1:-600}"
shift || true
all=(computop_form blowfish_envelope json soap webhook roundtrip spec_loader expr)
if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  targets=("${all[@]}")
fi

if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "error: SECONDS_PER_TARGET must be a positive whole number, not '$seconds'" >&2
  exit 2
fi
for target in "${targets[@]}"; do
  case " ${all[*]} " in
    *" $target "*) ;;
    *) echo "error: no fuzz target '$target' (targets: ${all[*]})" >&2; exit 2 ;;
  esac
done

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "error: the nightly toolchain is missing (rustup toolchain install nightly)" >&2
  exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

# Per target: the longest input tried (bytes). Messages and specs are kept small enough for
# many executions a second, large enough for every fixture to fit whole.
max_len() {
  case "$1" in
    spec_loader) echo 65536 ;;
    expr) echo 8192 ;;
    roundtrip) echo 4096 ;;
    *) echo 16384 ;;
  esac
}

# Seeds, rebuilt on every run from the fixtures (fuzz/seeds/ is not committed): libFuzzer
# reads them with the committed, minimised corpus of fuzz/corpus/<target>/ and writes what
# it finds to the latter.
seed() {
  local target="$1" dir="$fuzz_dir/seeds/$1" wire="$root/tests/fixtures/wire" f i
  rm -rf "$dir"
  mkdir -p "$dir" "$fuzz_dir/corpus/$target"
  case "$target" in
    computop_form)
      cp "$wire"/computop-* "$dir"/
      printf 'PayID=P1&TransID=T1&mid=M1&Status=OK&Code=00000000&Description=ok&MAC=00' >"$dir/clear"
      printf 'Len=8&Data=0011223344556677&MerchantID=M1' >"$dir/envelope"
      ;;
    blowfish_envelope)
      # Mode byte first (fuzz/src/lib.rs, `blowfish_envelope`).
      i=0
      for f in "$wire"/computop-notify.txt; do
        { printf '\000'; cat "$f"; } >"$dir/open-$i"
        i=$((i + 1))
      done
      for mode in 1 2 3; do
        printf "\\00$mode%s" 'PayID=P1&TransID=T1&mid=M1&Status=OK&Code=00000000&Description=ok&UserData=x%26y' >"$dir/plain-$mode"
      done
      printf '\004abcdefgh01234567' >"$dir/blocks"
      ;;
    json)
      cp "$wire"/*.json "$dir"/
      ;;
    soap)
      cp "$wire"/*.xml "$dir"/
      ;;
    webhook)
      cp "$wire"/adyen-webhook*.json "$dir"/
      ;;
    roundtrip)
      # Any bytes drive the draws; the fixtures give varied ones.
      cp "$wire"/* "$dir"/
      ;;
    spec_loader)
      cp "$root"/specs/*.yaml "$dir"/
      for f in "$root"/tests/malformed/*.yaml; do
        cp "$f" "$dir/malformed-$(basename "$f")"
      done
      ;;
    expr)
      # Every condition written in a spec or a malformed case, one file each.
      i=0
      grep -h -E '^[[:space:]]*(required_when|absent_when):' "$root"/specs/*.yaml "$root"/tests/malformed/*.yaml |
        sed -E 's/^[[:space:]]*(required_when|absent_when):[[:space:]]*//' | sort -u |
        while IFS= read -r line; do
          printf '%s' "$line" >"$dir/condition-$i"
          i=$((i + 1))
        done
      ;;
  esac
}

echo "== building the targets (nightly, address sanitizer, debug assertions)"
cargo +nightly fuzz build -a

mkdir -p "$fuzz_dir/logs"
summary=()
failed=0
for target in "${targets[@]}"; do
  seed "$target"
  log="$fuzz_dir/logs/$target.log"
  echo "== $target: ${seconds}s, log in fuzz/logs/$target.log"
  status=0
  # One process (no -jobs/-workers: those fork workers); stop at the first finding.
  cargo +nightly fuzz run -a "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10 \
    -max_len="$(max_len "$target")" -print_final_stats=1 >"$log" 2>&1 || status=$?
  # The figures of the run (a crashed run lacks the final stats: `|| true` keeps going).
  execs="$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -1 || true)"
  rss="$(grep -E '^stat::peak_rss_mb' "$log" | awk '{print $2}' | tail -1 || true)"
  last="$(grep -E '^#[0-9]+' "$log" | tail -1 || true)"
  cov="$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$last")"
  ft="$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")"
  corp="$(sed -nE 's/.* corp: ([0-9]+\/[0-9]+[a-zA-Z]*).*/\1/p' <<<"$last")"
  time="$(grep -E '^Done [0-9]+ runs in' "$log" | sed -E 's/.* in ([0-9]+) second.*/\1/' | tail -1 || true)"
  if [ "$status" -eq 0 ]; then
    found="none"
  else
    failed=1
    found="FOUND (exit $status, input in fuzz/artifacts/$target/): $(grep -E '^(==[0-9]+==ERROR|SUMMARY|thread .* panicked|ALARM)' "$log" | head -3 | tr '\n' ' ' || true)"
  fi
  line="$target: ${time:-?}s, ${execs:-?} execs, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}, peak rss ${rss:-?} MB, findings: $found"
  echo "$line"
  summary+=("$line")
done

echo "== summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
exit "$failed"
