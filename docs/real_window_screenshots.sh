#!/bin/bash
# Screenshots of the four tabs in a real X window (Xvfb + openbox), fresh settings.
# usage: docs/real_window_screenshots.sh OUTDIR   (needs xvfb, openbox, xdotool, x11-utils, imagemagick; env passes through, e.g. QT_SCALE_FACTOR=2)
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-/tmp/shots}; mkdir -p "$out"
export DISPLAY=:98
Xvfb :98 -screen 0 1600x1000x24 >/dev/null 2>&1 & xvfb=$!
sleep 1; openbox >/dev/null 2>&1 & wm=$!; sleep 1
cfg=$(mktemp -d)
n=1
for tab in vectors derivatives descent network; do
  XDG_CONFIG_HOME=$cfg python "$root/main.py" --tab $tab > "$out/$tab.log" 2>&1 & app=$!
  sleep 8
  wid=$(xdotool search --onlyvisible --name "^Gradient Lab$" | head -1)
  xdotool windowsize $wid 1400 880; xdotool windowmove $wid 0 24; sleep 12
  if [ $tab = descent ] || [ $tab = network ]; then xdotool windowactivate --sync $wid key space; sleep 6; xdotool key space; sleep 2; fi
  x=$(xwininfo -id $wid | awk '/Absolute upper-left X/{print $4}'); y=$(xwininfo -id $wid | awk '/Absolute upper-left Y/{print $4}')
  w=$(xwininfo -id $wid | awk '/Width:/{print $2}'); h=$(xwininfo -id $wid | awk '/Height:/{print $2}')
  top=$((y > 22 ? y - 22 : 0))
  import -window root -crop "${w}x$((h + y - top))+${x}+${top}" +repage "$out/0${n}_$tab.png"
  kill $app; wait $app 2>/dev/null; n=$((n+1))
done
kill $wm $xvfb
