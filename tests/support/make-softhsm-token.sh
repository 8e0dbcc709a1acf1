#!/usr/bin/env bash
# Makes a SoftHSM2 token in DIR from a test PKI (make-test-pki.sh PKI) (docs/signatures.md, "Tests"):
#   DIR/softhsm2.conf  point SOFTHSM2_CONF at it (tokens live in DIR/tokens)
#   a token labelled LABEL (default "Oblik Test Token"), user PIN PIN (default 1234), SO PIN 12345678,
#   holding for each USER given (default: good good-ec expired revoked nokeyusage) its private key and
#   certificate under label USER and the same CKA_ID (01, 02, ... in the order given).
# Prints the module path. Needs softhsm2 and opensc (pkcs11-tool), both in scripts/bootstrap.
set -euo pipefail
dir=${1:?usage: make-softhsm-token.sh DIR PKI [LABEL] [PIN] [USER...]}
pki=${2:?usage: make-softhsm-token.sh DIR PKI [LABEL] [PIN] [USER...]}
label=${3:-Oblik Test Token}
pin=${4:-1234}
shift $(( $# < 4 ? $# : 4 ))
users=("$@")
[ ${#users[@]} -eq 0 ] && users=(good good-ec expired revoked nokeyusage)
module=/usr/lib/softhsm/libsofthsm2.so
mkdir -p "$dir/tokens"
dir=$(cd "$dir" && pwd)
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = true\n' "$dir" > "$dir/softhsm2.conf"
export SOFTHSM2_CONF=$dir/softhsm2.conf
q() { "$@" >/dev/null 2>&1 || { echo "make-softhsm-token: failed: $*" >&2; "$@"; exit 1; }; }
q softhsm2-util --init-token --free --label "$label" --so-pin 12345678 --pin "$pin"
n=1
for u in "${users[@]}"; do
  id=$(printf '%02x' "$n")
  q softhsm2-util --import "$pki/$u.key.pem" --token "$label" --label "$u" --id "$id" --pin "$pin"
  openssl x509 -in "$pki/$u.pem" -outform DER -out "$dir/$u.der"
  q pkcs11-tool --module "$module" --token-label "$label" --login --pin "$pin" \
    --write-object "$dir/$u.der" --type cert --id "$id" --label "$u"
  n=$((n + 1))
done
echo "$module"
