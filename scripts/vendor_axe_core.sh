#!/usr/bin/env bash
# Vendors axe-core (the accessibility rules engine) from the npm registry into tests/vendor/axe-core/,
# with its licence. Only the test suite uses it: tests/test_accessibility_browser.py injects axe.min.js
# into every page it checks. Re-run to change a version (and update the accessibility statement's
# version, which a test compares with this one).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VERSION=${1:-4.14.1}
DEST="$PWD/tests/vendor/axe-core"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

(cd "$WORK" && npm pack --silent "axe-core@$VERSION" >/dev/null && tar -xzf ./*.tgz)
rm -rf "$DEST" && mkdir -p "$DEST"
cp "$WORK/package/axe.min.js" "$DEST/axe.min.js"
cp "$WORK/package/LICENSE" "$DEST/LICENSE"
# A source-map comment pointing at a file we do not ship.
sed -i -E '/^[[:space:]]*\/[*\/][#@] sourceMappingURL=/d' "$DEST/axe.min.js"
cat > "$DEST/README.md" <<TXT
# axe-core $VERSION

Written by \`scripts/vendor_axe_core.sh\` from the npm registry; do not edit by hand.
MPL-2.0 licence (\`LICENSE\`). Used by the test suite only (\`tests/test_accessibility_browser.py\`);
never served to users.
TXT
echo "$VERSION" > "$DEST/VERSION"
echo "vendored axe-core $VERSION into $DEST"
