#!/usr/bin/env bash
# Refreshes the Public Suffix List snapshot that reactio-http bundles for its cookie jar, and the
# list's test vectors that PublicSuffixListTest runs; prints the rule count the test expects.
#
#   scripts/update-public-suffix-list.sh             # from Debian's package (apt-get install publicsuffix)
#   scripts/update-public-suffix-list.sh --download  # from publicsuffix.org and the list's GitHub repository
#
# Then set PublicSuffixListTest.BUNDLED_RULES to the printed count and the origin line in
# http/NOTICE, run `mvn -B -o -pl http -am verify`, and commit the three files with the list.
set -euo pipefail
top=$(git rev-parse --show-toplevel)
list="$top/http/src/main/resources/dev/reactio/http/public_suffix_list.dat"
vectors="$top/http/src/test/resources/dev/reactio/http/test_psl.txt"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [[ "${1:-}" == --download ]]; then
  # The list asks to be fetched from this address only.
  curl -fsSL https://publicsuffix.org/list/public_suffix_list.dat -o "$work/list"
  curl -fsSL https://raw.githubusercontent.com/publicsuffix/list/main/tests/test_psl.txt -o "$work/vectors"
  origin="https://publicsuffix.org/list/public_suffix_list.dat, fetched $(date -u +%Y-%m-%d)"
else
  src=/usr/share/publicsuffix/public_suffix_list.dat
  if [[ ! -r $src ]]; then
    echo "no $src: apt-get install publicsuffix, or run with --download" >&2
    exit 1
  fi
  cp "$src" "$work/list"
  cp /usr/share/doc/publicsuffix/examples/test_psl.txt "$work/vectors"
  origin="Debian package publicsuffix $(dpkg-query -W -f='${Version}' publicsuffix)"
fi
for marker in 'Mozilla Public' '===BEGIN ICANN DOMAINS===' '===BEGIN PRIVATE DOMAINS==='; do
  if ! grep -q "$marker" "$work/list"; then
    echo "the new file has no '$marker': not the Public Suffix List, left unchanged" >&2
    exit 1
  fi
done
cp "$work/list" "$list"
cp "$work/vectors" "$vectors"
rules=$(grep -v '^[[:space:]]*//' "$list" | grep -c '[^[:space:]]')
echo "origin: $origin"
echo "rules:  $rules (PublicSuffixListTest.BUNDLED_RULES)"
