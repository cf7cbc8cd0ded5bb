#!/usr/bin/env bash
# Vendors the official IATI 2.03 XML schemas into tests/logistics/iati_schema/2.03/, so the test of
# `programme_report --format iati` validates against the real schema without the network. The schemas
# come from the source distribution of pyIATI 0.4.1 on PyPI (it ships the IATI-Schemas files of each
# version of the standard); the archive's sha256 is pinned, so a changed upload stops the script.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VERSION=0.4.1
SHA256=b6f8f0d596746bd774ed3e84cdad50dfa7dd501ac70e6399f2bb0244bfd5b0ef
SOURCE="pyIATI-$VERSION/iati/resources/standard/2-03/schemas"
DEST="$PWD/tests/logistics/iati_schema/2.03"
PYTHON=${PYTHON:-python3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

"$PYTHON" -m pip download --quiet --no-deps --no-binary :all: --dest "$WORK" "pyiati==$VERSION"
ARCHIVE="$WORK/pyIATI-$VERSION.tar.gz"
echo "$SHA256  $ARCHIVE" | sha256sum --check --quiet

# Only the schema files: nothing of the package's code comes along.
tar -xzf "$ARCHIVE" -C "$WORK" "$SOURCE"
rm -rf "$DEST" && mkdir -p "$DEST"
cp "$WORK/$SOURCE/"*.xsd "$DEST/"

cat > "$DEST/NOTICE" <<TXT
IATI Standard 2.03 XML schemas (Release 2.03, 2018-02-19)

Written by scripts/vendor_iati_schema.sh; do not edit by hand.
Source: the files under iati/resources/standard/2-03/schemas/ of the source distribution of
pyIATI $VERSION on PyPI (pyIATI-$VERSION.tar.gz, sha256 $SHA256), which copies them
from the IATI/IATI-Schemas repository (branch version-2.03).

Licences
- The schemas (iati-*.xsd): IATI Standard. Copyright (c) Development Initiatives, on behalf of the
  IATI Secretariat. IATI-Schemas' LICENSE file points to the IATI licence page, which releases the
  Standard under the Creative Commons Attribution 4.0 licence
  (https://creativecommons.org/licenses/by/4.0/). Attribution: "IATI Standard (http://iatistandard.org/)".
- xml.xsd: the schema for the xml: namespace published by the W3C (http://www.w3.org/2001/xml.xsd),
  redistributed unchanged with the IATI schemas.
- pyIATI itself, which carried the files: MIT licence (its package metadata; its LICENSE.txt is not in
  the source distribution; the text, from the pyIATI repository, follows).

                        The MIT License (MIT)

Copyright (c) 2017 IATI Technical Team and other authors.

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
TXT
echo "vendored the IATI 2.03 schemas from pyIATI $VERSION into $DEST"
