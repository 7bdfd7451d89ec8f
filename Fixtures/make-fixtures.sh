#!/usr/bin/env bash
# Remakes the bundled example sessions and their truth from `gait simulate`.
# Usage: Fixtures/make-fixtures.sh   (from the repository root; builds gait if needed)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product gait >/dev/null
gait=".build/release/gait"
# 8 s standing, 2 s blend, 20 s running; 200 Hz IMUs and 100 Hz insoles keep each under 3 MB.
common=(--standing 8 --transition 2 --duration 20 --imu-rate 200 --insole-rate 100)

rm -rf Fixtures/run-all-sensors Fixtures/run-imu-only Fixtures/run-pathological Fixtures/run-with-gaps
"$gait" simulate --out Fixtures/run-all-sensors --seed 101 "${common[@]}"
"$gait" simulate --out Fixtures/run-imu-only --seed 102 --sensors imu --strike midfoot "${common[@]}"
# A runner with the faults of runner's knee on one side each: marked pelvic drop in right stance,
# dynamic valgus of the left knee, over-pronation of the right foot.
"$gait" simulate --out Fixtures/run-pathological --seed 103 \
    --pelvic-drop 4,9 --knee-valgus 7,2 --peak-eversion 5,11 --eversion-at-contact=-4,-2 "${common[@]}"
# Lost samples on every device (about 6 runs a minute), and no standing interval declared.
"$gait" simulate --out Fixtures/run-with-gaps --seed 104 --dropouts-per-minute 6 --undeclared-standing "${common[@]}"
du -sh Fixtures/run-*/ | sed 's/^/  /'
