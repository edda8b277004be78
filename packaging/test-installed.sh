#!/usr/bin/env bash
# Installs the built .deb, checks the installed app as a user would meet it, removes it and checks that no file of it
# is left. Run as root on Debian 12 (CI: .ci/run, after the installer build); the package ends REMOVED.
#
#   packaging/test-installed.sh [PATH.deb]     default: the one app/target/installer/defl-workbench_*_amd64.deb
#
# Checks: apt-get install resolves every dependency; `defl --version`; `defl run --dataset digits --clients 3
# --rounds 1` from an empty temporary directory with HOME an empty temporary directory, which must leave no DJL or
# JavaFX cache in HOME (nothing extracted or downloaded), nor an AppCDS archive (the package's AOT cache is used, and
# -XX:AOTMode=on starts with it: it matches the installed runtime and jars); `defl --version` as user nobody;
# `defl demo network --jsipfs node_modules/.bin/jsipfs` verifies its 2 rounds and leaves no process; the desktop entry
# and the systemd unit validate; the window under Xvfb saves a screenshot (--smoke-screenshot); `apt-get remove` leaves none of the files `dpkg -L` listed.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n=== %s\n' "$*"; }
fail() { printf 'test-installed: FAILED: %s\n' "$*" >&2; exit 1; }

if [ $# -ge 1 ]; then
  deb=$1
else
  shopt -s nullglob
  debs=(app/target/installer/defl-workbench_*_amd64.deb)
  [ ${#debs[@]} -eq 1 ] || fail "expected exactly one app/target/installer/defl-workbench_*_amd64.deb, found ${#debs[@]}"
  deb=${debs[0]}
fi
deb=$(realpath "$deb")
[ "$(id -u)" = 0 ] || fail "run as root (it installs and removes the package)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

say "install $(basename "$deb") ($(du -h "$deb" | cut -f1))"
if dpkg -s defl-workbench >/dev/null 2>&1; then
  apt-get remove -y -qq defl-workbench >/dev/null
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq "$deb" >/dev/null
dpkg -L defl-workbench | sort > "$tmp/files.txt"
echo "$(wc -l < "$tmp/files.txt") paths; installed size $(du -sh /opt/defl-workbench | cut -f1) under /opt/defl-workbench"
getent passwd defl >/dev/null || fail "postinst did not create the system user defl"

say "defl --version"
(cd / && defl --version)

say "defl run --dataset digits --clients 3 --rounds 1 (empty HOME, empty working directory)"
home=$(mktemp -d "$tmp/home.XXXX")
work=$(mktemp -d "$tmp/work.XXXX")
chmod 0755 "$tmp" "$home" "$work"
(cd "$work" && env -u XDG_DATA_HOME -u XDG_CACHE_HOME -u XDG_CONFIG_HOME HOME="$home" \
  defl run --dataset digits --clients 3 --rounds 1) | tee "$tmp/run.txt"
grep -q "rounds finalized" "$tmp/run.txt" || fail "defl run did not finalize its round"
for cache in .djl.ai .openjfx; do
  [ ! -e "$home/$cache" ] || fail "defl run wrote $home/$cache: the package's natives were not used"
done
aot=/opt/defl-workbench/lib/app/defl.aot
[ -s "$aot" ] || fail "no AOT cache at $aot (the build's training run failed: see the installer build's log)"
[ -z "$(find "$home" -name '*.jsa' 2>/dev/null)" ] || fail "an AppCDS archive was written beside the AOT cache"

say "the AOT cache matches the installed runtime and jars (-XX:AOTMode=on refuses to start otherwise)"
(cd / && /opt/defl-workbench/lib/runtime/bin/java "-XX:AOTCache=$aot" -XX:AOTMode=on -Xlog:cds=off \
  --enable-native-access=javafx.graphics,ALL-UNNAMED --add-exports javafx.graphics/com.sun.javafx.perf=ALL-UNNAMED \
  -jar /opt/defl-workbench/lib/app/defl.jar --version) || fail "the JVM cannot use $aot"

say "defl demo network (the installed defl, js-ipfs from this source tree)"
jsipfs=$(realpath node_modules/.bin/jsipfs)
(cd "$work" && env -u XDG_DATA_HOME -u XDG_CACHE_HOME -u XDG_CONFIG_HOME HOME="$home" \
  timeout 300 defl demo network --jsipfs "$jsipfs") | tee "$tmp/demo.txt"
grep -q "^demo: OK: 2 round(s) finalized and verified OK" "$tmp/demo.txt" || fail "defl demo network did not verify 2 rounds"
if pgrep -f "$home" >/dev/null || pgrep -f "/opt/defl-workbench/lib/app/defl.jar.* node " >/dev/null; then
  fail "defl demo network left processes behind: $(pgrep -af "defl.jar.* node |$home")"
fi

say "defl --version as user nobody (home not writable)"
(cd / && runuser -u nobody -- env HOME=/nonexistent defl --version)

say "desktop entry and systemd unit"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate /usr/share/applications/defl-workbench.desktop
else
  echo "desktop-file-validate not installed (desktop-file-utils): skipped"
fi
if command -v systemd-analyze >/dev/null; then
  out=$(systemd-analyze verify --man=no /lib/systemd/system/defl-node@.service 2>&1 || true)
  if printf '%s\n' "$out" | grep -i "defl-node" | grep -vi "does not exist\|No such file" ; then
    fail "systemd-analyze verify defl-node@.service"
  fi
fi

say "window: xvfb-run defl-workbench --smoke-screenshot"
shot="$tmp/window.png"
(cd "$work" && HOME="$home" timeout 180 xvfb-run -a -s "-screen 0 1400x900x24" \
  defl-workbench --smoke-screenshot "$shot")
[ -s "$shot" ] || fail "no screenshot at $shot"
mkdir -p app/target/installer-test && cp "$shot" app/target/installer-test/window.png
echo "screenshot: app/target/installer-test/window.png"

say "apt-get remove: every file of the package must go"
apt-get remove -y -qq defl-workbench >/dev/null
left=0
while IFS= read -r path; do
  [ -e "$path" ] || [ -L "$path" ] || continue
  if [ -d "$path" ] && { [ -n "$(ls -A "$path")" ] || dpkg -S "$path" >/dev/null 2>&1; }; then
    continue  # a directory others use too (/, /usr/bin, /lib -> usr/lib, /usr/share/icons/hicolor/...)
  fi
  echo "left behind: $path" >&2
  left=$((left + 1))
done < "$tmp/files.txt"
[ "$left" -eq 0 ] || fail "$left paths of defl-workbench are left after apt-get remove"
[ ! -e /opt/defl-workbench ] || fail "/opt/defl-workbench is left after apt-get remove"
echo "none of the $(wc -l < "$tmp/files.txt") paths is left"
