#!/usr/bin/env bash
# Render the held-out Swedish meetings (scripts/*.yaml) to audio + truth in tmp/heldout_sv
# (never committed). Needs espeak-ng and ../shared/tools/synth_meeting.py.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../../tmp/heldout_sv}"
python3 "$here/../../../shared/tools/synth_meeting.py" "$out" --scripts "$here/scripts"
