#!/usr/bin/env bash
# Compile cost of the generated crate (issue 6, part 5): what criterion cannot time.
#
# For the crate with all providers (default features) and with each provider feature alone:
#   clean      a clean build of `pspec` (lib) and its dependencies, in a fresh target dir
#   crate      a rebuild of `pspec` alone after `cargo clean -p pspec` (dependencies built)
#   one line   a rebuild after appending one line of code to the provider's generated module
#              (`src/gen/computop/types.rs` for the all-providers build)
# and the lines of generated code per provider. Prints a markdown table.
#
# It works on a copy of the workspace under $WORK (default /tmp/pspec-compile-cost) with its
# own CARGO_TARGET_DIR there, so it never touches the work tree or its target dir. Dev
# profile, incremental on (the edit-compile loop); PROFILE=release times release builds
# (and turns incremental off, as cargo does). Cargo's default job count (one per core).
#
#   bash tests/benches/compile_cost.sh            # all four builds
#   FEATURES="computop" bash tests/benches/compile_cost.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${WORK:-/tmp/pspec-compile-cost}"
profile="${PROFILE:-dev}"
features_list="${FEATURES:-all computop monext adyen}"

profile_flag=()
if [ "$profile" = release ]; then profile_flag=(--release); fi

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

echo "copying the workspace to $work/src (no target/, no .git/)" >&2
rm -rf "$work"
mkdir -p "$work/src"
(cd "$root" && tar --exclude=./target --exclude=./.git -cf - .) | tar -xf - -C "$work/src"
src="$work/src"

build() { # $1 = target dir, rest = cargo args
  local target="$1"
  shift
  CARGO_TARGET_DIR="$target" cargo build --quiet --offline -p pspec --lib "${profile_flag[@]}" "$@" \
    --manifest-path "$src/Cargo.toml" >&2
}

rows=()
for features in $features_list; do
  if [ "$features" = all ]; then
    flags=()
    module="computop"
  else
    flags=(--no-default-features --features "$features")
    module="$features"
  fi
  target="$work/target-$features"
  rm -rf "$target"
  echo "== $features: clean build" >&2
  t0=$(now); build "$target" "${flags[@]}"; t1=$(now)
  clean=$(elapsed "$t0" "$t1")

  echo "== $features: crate only" >&2
  CARGO_TARGET_DIR="$target" cargo clean --quiet --offline -p pspec "${profile_flag[@]}" \
    --manifest-path "$src/Cargo.toml" >&2
  t0=$(now); build "$target" "${flags[@]}"; t1=$(now)
  crate=$(elapsed "$t0" "$t1")

  echo "== $features: one-line change in src/gen/$module/types.rs" >&2
  file="$src/generated/src/gen/$module/types.rs"
  cp "$file" "$file.orig"
  echo "#[doc = \"compile_cost.sh\"] pub const COMPILE_COST_TOUCH: u32 = $RANDOM;" >>"$file"
  t0=$(now); build "$target" "${flags[@]}"; t1=$(now)
  touch_time=$(elapsed "$t0" "$t1")
  mv "$file.orig" "$file"

  rows+=("| $features | $clean s | $crate s | $touch_time s |")
done

echo
echo "### Compile cost of the generated crate ($profile profile, $(nproc) cores)"
echo
echo "| providers | clean build (with dependencies) | crate only (dependencies built) | one-line change |"
echo "|---|---:|---:|---:|"
printf '%s\n' "${rows[@]}"

echo
echo "### Lines of generated code per provider"
echo
echo "| provider | lines | code lines (not blank, not comment) |"
echo "|---|---:|---:|"
for folder in "$root"/generated/src/gen/*/; do
  name="$(basename "$folder")"
  lines=$(cat "$folder"*.rs | wc -l)
  code=$(cat "$folder"*.rs | grep -cvE '^\s*(//.*)?$' || true)
  echo "| $name | $lines | $code |"
done
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$work"
