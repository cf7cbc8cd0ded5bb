#!/usr/bin/env bash
# Vendors the map's JavaScript and CSS from the npm registry into logistics/static/vendor/, with
# their licences, so coverage maps never load anything from a CDN. Re-run to change a version.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DEST="$PWD/logistics/static/vendor"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

fetch() {  # fetch <package> <version> -> unpacked into $WORK/<package>/package
  local pkg=$1 version=$2
  mkdir -p "$WORK/$pkg"
  (cd "$WORK/$pkg" && npm pack --silent "$pkg@$version" >/dev/null && tar -xzf ./*.tgz)
}

# The packages point at source maps we do not ship; `collectstatic` with the manifest storage
# follows every sourceMappingURL and stops on the missing file, so the comments go.
strip_source_maps() {  # strip_source_maps <dir>
  find "$1" -type f \( -name '*.js' -o -name '*.css' \) \
    -exec sed -i -E '/^[[:space:]]*\/[*\/][#@] sourceMappingURL=/d' {} +
}

fetch leaflet 1.9.4
rm -rf "$DEST/leaflet" && mkdir -p "$DEST/leaflet/images"
cp "$WORK/leaflet/package/dist/leaflet.js" "$WORK/leaflet/package/dist/leaflet.css" "$DEST/leaflet/"
cp "$WORK/leaflet/package/dist/images/"*.png "$DEST/leaflet/images/"
cp "$WORK/leaflet/package/LICENSE" "$DEST/leaflet/LICENSE"

fetch leaflet.markercluster 1.5.3
rm -rf "$DEST/leaflet.markercluster" && mkdir -p "$DEST/leaflet.markercluster"
cp "$WORK/leaflet.markercluster/package/dist/leaflet.markercluster.js" \
   "$WORK/leaflet.markercluster/package/dist/MarkerCluster.css" \
   "$WORK/leaflet.markercluster/package/dist/MarkerCluster.Default.css" "$DEST/leaflet.markercluster/"
cp "$WORK/leaflet.markercluster/package/MIT-LICENCE.txt" "$DEST/leaflet.markercluster/LICENSE"

# branca's colour legend hard-codes d3 v3; the app's own legend does not need it, but a branca
# colormap added to a map later must still find it here rather than on a CDN.
fetch d3 3.5.17
rm -rf "$DEST/d3" && mkdir -p "$DEST/d3"
cp "$WORK/d3/package/d3.min.js" "$DEST/d3/"
cp "$WORK/d3/package/LICENSE" "$DEST/d3/LICENSE"

strip_source_maps "$DEST"

cat > "$DEST/README.md" <<'TXT'
# Vendored map assets

Written by `scripts/vendor_leaflet.sh` from the npm registry; do not edit by hand. The script strips
the `sourceMappingURL` comments: the source maps are not shipped.

| package | version | licence |
|---|---|---|
| leaflet | 1.9.4 | BSD-2-Clause (`leaflet/LICENSE`) |
| leaflet.markercluster | 1.5.3 | MIT (`leaflet.markercluster/LICENSE`) |
| d3 | 3.5.17 | BSD-3-Clause (`d3/LICENSE`) |
TXT
echo "vendored into $DEST"
