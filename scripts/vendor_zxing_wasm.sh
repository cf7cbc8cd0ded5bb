#!/usr/bin/env bash
# Vendors the zxing-wasm QR reader (its browser build and its .wasm) from the npm registry into
# logistics/static/vendor/zxing-wasm/, with its licence. The receipt page uses it to read labels
# where the browser has no BarcodeDetector (iOS Safari, desktop Firefox). Re-run to change a version.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VERSION=${1:-3.1.4}
DEST="$PWD/logistics/static/vendor/zxing-wasm"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

(cd "$WORK" && npm pack --silent "zxing-wasm@$VERSION" >/dev/null && tar -xzf ./*.tgz)
rm -rf "$DEST" && mkdir -p "$DEST"
cp "$WORK/package/dist/iife/reader/index.js" "$DEST/zxing-reader.js"
cp "$WORK/package/dist/reader/zxing_reader.wasm" "$DEST/zxing_reader.wasm"
cp "$WORK/package/LICENSE" "$DEST/LICENSE"
# A source-map comment pointing at a file we do not ship would stop `collectstatic` (manifest storage).
sed -i -E '/^[[:space:]]*\/[*\/][#@] sourceMappingURL=/d' "$DEST/zxing-reader.js"
cat > "$DEST/README.md" <<TXT
# zxing-wasm $VERSION (reader only)

Written by \`scripts/vendor_zxing_wasm.sh\` from the npm registry; do not edit by hand.
MIT licence (\`LICENSE\`); the WebAssembly build of the zxing-cpp decoder (Apache-2.0) inside it.
\`zxing-reader.js\` is the package's \`dist/iife/reader/index.js\` (global \`ZXingWASM\`).
TXT
echo "vendored zxing-wasm $VERSION into $DEST"
