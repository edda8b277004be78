#!/usr/bin/env bash
# Builds the native installer of DeFL Workbench from a packaged app module (app/target/defl.jar + app/target/lib).
# Run by the Maven profile `installer` (app/pom.xml): mvn -B -DskipTests -Pinstaller package
#
#   build.sh VERSION TYPE        VERSION: the Maven version (a -SNAPSHOT suffix is dropped: 0.1.0-SNAPSHOT -> 0.1.0)
#                                TYPE: deb (Linux), dmg (macOS), msi (Windows), or app-image (the step they share)
#
# Steps, the same on every OS:
#   1. jlink a JDK 25 runtime with the JavaFX modules (from the JavaFX Maven jars of app/target/lib) and their
#      native libraries copied into the runtime's library directory (so JavaFX extracts nothing into ~/.openjfx);
#   2. jpackage --type app-image: the runtime, the app's jars (JavaFX jars left out: they are in the runtime),
#      launchers `defl-workbench` (the window) and `defl` (the CLI);
#   3. add to the image: the PyTorch natives unpacked in DJL's engine-cache layout (lib/djl/pytorch/...), found through
#      ENGINE_CACHE_DIR, so nothing is extracted or downloaded at run time; and the anvil binary beside the jars, where
#      AnvilProcess.locateBinary looks;
#   4. package: deb = dpkg-deb of the image under /opt/defl-workbench plus /usr/bin launchers, desktop entry, icons,
#      systemd unit, docs (packaging/linux); dmg/msi = jpackage --app-image.
# Output: exactly one file in app/target/installer/.
set -euo pipefail

MAVEN_VERSION=${1:?usage: build.sh VERSION deb|dmg|msi|app-image}
TYPE=${2:?usage: build.sh VERSION deb|dmg|msi|app-image}
VERSION=${MAVEN_VERSION%-SNAPSHOT}
NAME=defl-workbench

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PKG=$ROOT/packaging
TARGET=$ROOT/app/target
WORK=$TARGET/jpackage
OUT=$TARGET/installer
JAVA_HOME=${JAVA_HOME:?JAVA_HOME must name a JDK 25}
JAVA_BIN=$JAVA_HOME/bin

case "$(uname -s)" in
  Linux*) OS=linux ;;
  Darwin*) OS=mac ;;
  MINGW*|MSYS*|CYGWIN*) OS=windows ;;
  *) echo "build.sh: unsupported OS $(uname -s)" >&2; exit 1 ;;
esac

step() { printf '[installer] %s\n' "$*"; }

[ -f "$TARGET/defl.jar" ] || { echo "build.sh: $TARGET/defl.jar missing; run the Maven package phase first" >&2; exit 1; }
rm -rf "$WORK" "$OUT"
mkdir -p "$WORK/input/lib" "$WORK/fx" "$OUT"

# --- 1. The app's jars, JavaFX split off ----------------------------------------------------------------------------
# JavaFX: the classified jars (javafx-base-25.0.4-linux.jar ...) are the modules; the unclassified ones are empty shells.
fx_classifier=$OS
[ "$OS" = mac ] && [ "$(uname -m)" = arm64 ] && fx_classifier=mac-aarch64
[ "$OS" = windows ] && fx_classifier=win
torch_jar=""
for jar in "$TARGET"/lib/*.jar; do
  base=$(basename "$jar")
  case "$base" in
    javafx-*-"$fx_classifier".jar) cp "$jar" "$WORK/fx/" ;;
    javafx-*) ;;                                   # shells and other OSes' JavaFX
    pytorch-native-cpu-*) torch_jar=$jar ;;        # unpacked below, not shipped as a 111 MB jar
    *) cp "$jar" "$WORK/input/lib/" ;;
  esac
done
cp "$TARGET/defl.jar" "$WORK/input/"
ls "$WORK"/fx/javafx-graphics-*.jar >/dev/null 2>&1 || { echo "build.sh: no JavaFX $fx_classifier jars in $TARGET/lib" >&2; exit 1; }

# --- 2. jlink -----------------------------------------------------------------------------------------------------
# java.se and the jdk.* modules the libraries use (Unsafe: netty, jnr; zipfs; httpserver for the metrics endpoint;
# management for JVM metrics; DNS naming; charsets; cryptoki), plus JavaFX.
step "jlink runtime (JDK $("$JAVA_BIN/java" -version 2>&1 | head -1 | cut -d'"' -f2) + JavaFX)"
modules=java.se,jdk.unsupported,jdk.unsupported.desktop,jdk.zipfs,jdk.httpserver,jdk.management,jdk.naming.dns,jdk.charsets,jdk.crypto.cryptoki,jdk.localedata,jdk.net,jdk.security.auth,jdk.accessibility,jdk.jfr,javafx.base,javafx.graphics,javafx.controls,javafx.swing
"$JAVA_BIN/jlink" --module-path "$WORK/fx" --add-modules "$modules" \
  --include-locales=en --strip-debug --no-header-files --no-man-pages --generate-cds-archive \
  --output "$WORK/runtime"
# JavaFX's native libraries: from its jars into the runtime's library directory, where its loader looks first.
case "$OS" in
  linux) ext=so; libdir=lib ;;
  mac) ext=dylib; libdir=lib ;;
  windows) ext=dll; libdir=bin ;;
esac
for jar in "$WORK"/fx/*.jar; do
  libs=$("$JAVA_BIN/jar" tf "$jar" | grep -E "^[^/]*\.$ext\$" || true)
  [ -z "$libs" ] || (cd "$WORK/runtime/$libdir" && "$JAVA_BIN/jar" xf "$jar" $libs)
done

# PyTorch natives in DJL's engine-cache layout: <ENGINE_CACHE_DIR>/pytorch/<version>-<flavor>-<classifier>/ holds the
# libtorch libraries and <djl version>-<jni lib> (ai.djl.pytorch.jni.LibUtils looks there before extracting anything).
# A small jar with the native jar's pytorch.properties stays on the class path: DJL reads the version from it.
# On macOS and Windows, DEFL_TORCH_JAR names that OS's pytorch-native-cpu jar (the class path has the Linux one).
torch_jar=${DEFL_TORCH_JAR:-$torch_jar}
[ -n "$torch_jar" ] || { echo "build.sh: no pytorch-native-cpu jar in $TARGET/lib (or DEFL_TORCH_JAR)" >&2; exit 1; }
mkdir -p "$WORK/torch"
(cd "$WORK/torch" && "$JAVA_BIN/jar" xf "$torch_jar" pytorch native/lib/pytorch.properties)
prop() { sed -n "s/^$1=//p" "$WORK/torch/native/lib/pytorch.properties" | tr -d '\r'; }
torch_dir=$WORK/djl/pytorch/$(prop version)-$(prop flavor)-$(prop classifier)
step "PyTorch natives $(prop version) $(prop flavor) $(prop classifier) (DJL engine-cache layout)"
mkdir -p "$torch_dir"
find "$WORK/torch/pytorch" -type f -exec mv {} "$torch_dir/" \;
"$JAVA_BIN/jar" cf "$WORK/input/lib/$(basename "$torch_jar")" -C "$WORK/torch" native/lib/pytorch.properties
jni_jar=$(ls "$TARGET"/lib/pytorch-jni-*.jar)
djl_version=$(basename "$jni_jar" .jar | sed 's/.*-//')
case "$OS" in
  linux) jni=jnilib/linux-x86_64/cpu/libdjl_torch.so ;;
  mac) jni=jnilib/osx-aarch64/cpu/libdjl_torch.dylib ;;
  windows) jni=jnilib/win-x86_64/cpu/djl_torch.dll ;;
esac
(cd "$WORK/torch" && "$JAVA_BIN/jar" xf "$jni_jar" "$jni")
mv "$WORK/torch/$jni" "$torch_dir/$djl_version-$(basename "$jni")"

# anvil, beside the jars (AnvilProcess.locateBinary: "anvil" in the engine jar's directory).
anvil_src=${DEFL_ANVIL_SOURCE:-$ROOT/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil}
[ "$OS" = windows ] && anvil_name=anvil.exe || anvil_name=anvil
[ -x "$anvil_src" ] || { echo "build.sh: anvil not found at $anvil_src (run npm ci, or set DEFL_ANVIL_SOURCE)" >&2; exit 1; }
install -m 0755 "$anvil_src" "$WORK/input/lib/$anvil_name"

# --- 3. jpackage app-image -------------------------------------------------------------------------------------------
# The launchers' JVM options; $APPDIR is jpackage's app directory (lib/app on Linux). DJL reads its settings from
# system properties as well as environment variables.
java_options=(
  --enable-native-access=javafx.graphics,ALL-UNNAMED
  -Dai.djl.offline=true -DOPT_OUT_TRACKING=true
  '-DENGINE_CACHE_DIR=$APPDIR/../djl'
  -Xshare:auto
)
icon=$PKG/icons/png/$NAME-512.png
[ "$OS" = mac ] && icon=$PKG/icons/$NAME.icns
[ "$OS" = windows ] && icon=$PKG/icons/$NAME.ico
cat > "$WORK/defl.properties" <<EOF
main-class=dev.defl.app.Launcher
win-console=true
description=DeFL Workbench command line
EOF
step "jpackage app-image $VERSION"
jp_opts=()
for o in "${java_options[@]}"; do jp_opts+=(--java-options "$o"); done
"$JAVA_BIN/jpackage" --type app-image --dest "$WORK/image" --name "$NAME" --app-version "$VERSION" \
  --vendor "DeFL Workbench" --description "Desktop workbench for decentralized federated learning" \
  --runtime-image "$WORK/runtime" --input "$WORK/input" --main-jar defl.jar --main-class dev.defl.app.Launcher \
  --icon "$icon" --add-launcher defl="$WORK/defl.properties" "${jp_opts[@]}"

case "$OS" in
  mac) APPDIR=$WORK/image/$NAME.app/Contents/app ;;
  windows) APPDIR=$WORK/image/$NAME/app ;;
  linux) APPDIR=$WORK/image/$NAME/lib/app ;;
esac

mv "$WORK/djl" "$APPDIR/../djl"
[ -x "$APPDIR/lib/$anvil_name" ] || chmod 0755 "$APPDIR/lib/$anvil_name"

# --- 3b. AOT cache (JDK 25: JEPs 483, 514, 515) ---------------------------------------------------------------------
# A training run of the image's own runtime on the image's own jars records the classes it loads and links and the
# methods' profiles into $APPDIR/defl.aot; packaging/linux/defl loads it, so the window opens sooner and the JIT starts
# with profiles instead of compiling while the user scrolls. The training: `defl bench ui` at a small size (a real
# 1-round task on the embedded chain and store, then every pane opened and its tables scrolled and sorted) under Xvfb,
# with the launcher's options (they must match: packaging/linux/defl). The cache names the jars' sizes and times, which
# cp -a and dpkg keep. Linux with xvfb-run only; DEFL_AOT_TRAINING=0 skips it (the launcher then uses AppCDS).
if [ "$OS" = linux ] && [ "${DEFL_AOT_TRAINING:-1}" != 0 ] && command -v xvfb-run >/dev/null; then
  step "AOT cache: training run (defl bench ui --peers 40 --rounds 200 --pins 1000)"
  train=$(mktemp -d)
  mkdir -p "$train/home"
  if env HOME="$train/home" DJL_OFFLINE=true OPT_OUT_TRACKING=true ENGINE_CACHE_DIR="$APPDIR/../djl" OMP_NUM_THREADS=1 \
      xvfb-run -a -s '-screen 0 1280x800x24' "$WORK/image/$NAME/lib/runtime/bin/java" \
      "-XX:AOTCacheOutput=$APPDIR/defl.aot" -Xlog:aot=off -Xlog:cds=off -Xlog:cds+dynamic=off \
      --enable-native-access=javafx.graphics,ALL-UNNAMED --add-exports javafx.graphics/com.sun.javafx.perf=ALL-UNNAMED \
      -Dai.djl.offline=true "-DENGINE_CACHE_DIR=$APPDIR/../djl" "-Duser.home=$train/home" \
      -jar "$APPDIR/defl.jar" bench ui --peers 40 --rounds 200 --pins 1000 --work-dir "$train/work" \
      > "$train/log.txt" 2>&1 && [ -s "$APPDIR/defl.aot" ]; then
    step "AOT cache: $(du -h "$APPDIR/defl.aot" | cut -f1) $APPDIR/defl.aot"
  else
    echo "build.sh: the AOT training run failed; the package gets no AOT cache. Its log's end:" >&2
    tail -25 "$train/log.txt" >&2
    rm -f "$APPDIR/defl.aot"
  fi
  rm -rf "$train"
fi

# --- 4. package ------------------------------------------------------------------------------------------------------
case "$TYPE" in
  app-image)
    step "app image: $WORK/image" ;;
  deb)
    [ "$OS" = linux ] || { echo "build.sh: deb needs Linux" >&2; exit 1; }
    "$PKG/linux/assemble-deb.sh" "$VERSION" "$WORK/image/$NAME" "$WORK/deb" "$OUT" ;;
  dmg|msi)
    step "jpackage --type $TYPE"
    extra=()
    [ "$TYPE" = msi ] && extra=(--win-menu --win-shortcut --win-dir-chooser --win-upgrade-uuid 6f2b7c2e-5a0e-4d55-9a53-1c1f0d6a2e31)
    "$JAVA_BIN/jpackage" --type "$TYPE" --app-image "$(ls -d "$WORK"/image/*)" --dest "$OUT" --name "$NAME" \
      --app-version "$VERSION" --vendor "DeFL Workbench" "${extra[@]}" ;;
  *) echo "build.sh: unknown type $TYPE (deb, dmg, msi, app-image)" >&2; exit 1 ;;
esac
[ "$TYPE" = app-image ] || { step "wrote:"; ls -l "$OUT"; }
