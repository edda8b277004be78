#!/usr/bin/env bash
# Assembles defl-workbench_VERSION_amd64.deb from the jpackage app image (called by packaging/jpackage/build.sh).
#
#   assemble-deb.sh VERSION IMAGE STAGE OUT
#     IMAGE  the app image (bin/, lib/app, lib/runtime, lib/djl), installed as /opt/defl-workbench
#     STAGE  scratch directory for the package tree (replaced)
#     OUT    where the .deb is written
#
# Layout: /opt/defl-workbench (the image), /usr/bin/defl and /usr/bin/defl-workbench (shell launchers: AppCDS in the
# user's cache directory), /usr/share/applications/defl-workbench.desktop, hicolor icons, /lib/systemd/system/
# defl-node@.service, /usr/share/doc/defl-workbench (README, copyright, examples). No conffiles: nothing under /etc.
# The Depends line (debian/control) is dpkg-shlibdeps' answer for every ELF file of the image (re-run it when the
# runtime or the natives change; see packaging/jpackage/README.md), plus adduser (postinst) and fonts-dejavu-core.
set -euo pipefail
VERSION=$1 IMAGE=$2 STAGE=$3 OUT=$4
HERE=$(cd "$(dirname "$0")" && pwd)
PKG=$(cd "$HERE/.." && pwd)
ROOT=$(cd "$PKG/.." && pwd)
NAME=defl-workbench

rm -rf "$STAGE"
mkdir -p "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" "$STAGE/lib/systemd/system" \
  "$STAGE/usr/share/doc/$NAME/examples" "$STAGE/usr/share/icons/hicolor/scalable/apps" "$STAGE/DEBIAN"

cp -a "$IMAGE" "$STAGE/opt/$NAME"
for launcher in defl defl-workbench; do
  sed "s/@VERSION@/$VERSION/g" "$HERE/$launcher" > "$STAGE/usr/bin/$launcher"
  chmod 0755 "$STAGE/usr/bin/$launcher"
done
install -m 0644 "$HERE/$NAME.desktop" "$STAGE/usr/share/applications/"
for n in 16 32 48 64 128 256 512; do
  install -D -m 0644 "$PKG/icons/png/$NAME-$n.png" "$STAGE/usr/share/icons/hicolor/${n}x${n}/apps/$NAME.png"
done
install -m 0644 "$PKG/icons/$NAME.svg" "$STAGE/usr/share/icons/hicolor/scalable/apps/"
install -m 0644 "$PKG/systemd/defl-node@.service" "$STAGE/lib/systemd/system/"
install -m 0644 "$PKG/systemd/node-example.env" "$STAGE/usr/share/doc/$NAME/examples/"
install -m 0644 "$ROOT/README.md" "$STAGE/usr/share/doc/$NAME/"
install -m 0644 "$HERE/copyright" "$STAGE/usr/share/doc/$NAME/"

# Permissions as dpkg expects them: directories and programs 0755, data 0644, owned by root (fakeroot).
find "$STAGE" -type d -exec chmod 0755 {} +
find "$STAGE/opt" -type f ! -perm -u+x -exec chmod 0644 {} +
find "$STAGE/opt" -type f -perm -u+x -exec chmod 0755 {} +

installed_kib=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@INSTALLED_SIZE@/$installed_kib/" "$HERE/debian/control" > "$STAGE/DEBIAN/control"
install -m 0755 "$HERE/debian/postinst" "$HERE/debian/prerm" "$HERE/debian/postrm" "$STAGE/DEBIAN/"
(cd "$STAGE" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum > DEBIAN/md5sums)

mkdir -p "$OUT"
deb="$OUT/${NAME}_${VERSION}_amd64.deb"
echo "[installer] dpkg-deb: $((installed_kib / 1024)) MiB installed -> $deb"
# zstd level 9 on every core: about 30 s here for 666 MiB, the .deb about 150 MB (xz -6 took over 10 minutes on 2
# busy cores). dpkg reads zstd since 1.21.18 (Debian 12 has 1.21.22). The PyTorch library dominates both sizes.
fakeroot dpkg-deb --build -Zzstd -z9 --threads-max="$(nproc)" "$STAGE" "$deb" >/dev/null
