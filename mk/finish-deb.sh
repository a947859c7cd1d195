#!/usr/bin/env bash
# Finish the .deb Tauri's bundler made (`make package`): put the `atalaya` command beside the
# app (imports, registration with a sync server, backups are scripted with it), strip both
# binaries of the debug info the release profile keeps for profiling, then refresh the
# package's md5sums and installed size.
#   mk/finish-deb.sh PACKAGE.deb PATH/TO/atalaya
set -euo pipefail
deb=$1
cli=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -R "$deb" "$work/pkg"
install -m 0755 "$cli" "$work/pkg/usr/bin/atalaya"
strip --strip-debug "$work/pkg/usr/bin/atalaya-desktop" "$work/pkg/usr/bin/atalaya"
(cd "$work/pkg" && find usr -type f -print0 | sort -z | xargs -0 md5sum >DEBIAN/md5sums)
size=$(du -sk --exclude=DEBIAN "$work/pkg" | cut -f1)
sed -i "s/^Installed-Size: .*/Installed-Size: $size/" "$work/pkg/DEBIAN/control"
dpkg-deb --root-owner-group --build "$work/pkg" "$deb" >/dev/null
