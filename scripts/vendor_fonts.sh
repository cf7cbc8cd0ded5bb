#!/usr/bin/env bash
# Vendors DejaVu Sans Condensed (regular and bold) from the npm registry into inventory/fonts/dejavu/,
# with its licence. Labels embed a subset of it, so Russian and Kazakh (ә ғ қ ң ө ү ұ һ і) print
# correctly on any printer and the app needs no system fonts. Re-run to change the version.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VERSION=2.37.3
DEST="$PWD/inventory/fonts/dejavu"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

(cd "$WORK" && npm pack --silent "dejavu-fonts-ttf@$VERSION" >/dev/null && tar -xzf ./*.tgz)
rm -rf "$DEST" && mkdir -p "$DEST"
cp "$WORK/package/ttf/DejaVuSansCondensed.ttf" "$WORK/package/ttf/DejaVuSansCondensed-Bold.ttf" "$DEST/"
cp "$WORK/package/LICENSE" "$DEST/LICENSE"
cat > "$DEST/README.md" <<TXT
# Vendored label font

DejaVu Sans Condensed $VERSION, from the npm package \`dejavu-fonts-ttf\`, written by
\`scripts/vendor_fonts.sh\`; do not edit by hand. Licence: Bitstream Vera / DejaVu (free to
redistribute and embed), see \`LICENSE\`.
TXT
echo "vendored into $DEST"
