#!/usr/bin/env bash
# Makes a test PKI in DIR with the openssl command line (docs/signatures.md, "Tests"):
#   root.pem            root CA (self-signed, RSA-2048)
#   intermediate.pem    intermediate CA under the root (issues every user certificate)
#   root.crl.pem, intermediate.crl.pem   CRLs (the intermediate's lists "revoked")
#   chain.pem           intermediate + root
#   USER.key.pem (PKCS#8, unencrypted), USER.pem, USER.p12 (password "test-pass", with the chain) for
#     good      RSA-2048, digitalSignature + nonRepudiation, valid now
#     good-ec   ECDSA P-256, the same usage
#     expired   RSA-2048, valid 2020-01-01 .. 2021-01-01
#     revoked   RSA-2048, valid now, revoked in intermediate.crl.pem
#     nokeyusage RSA-2048, keyUsage keyEncipherment only (no signing usage)
#     stranger  RSA-2048 under other-root.pem, a root nobody trusts
# Idempotent per DIR: does nothing when DIR/done exists.
set -euo pipefail
dir=${1:?usage: make-test-pki.sh DIR}
mkdir -p "$dir"
cd "$dir"
[ -f done ] && exit 0
export OPENSSL_CONF=/dev/null
q() { "$@" >/dev/null 2>&1 || { echo "make-test-pki: failed: $*" >&2; "$@"; exit 1; }; }

cat > ext.cnf <<'CNF'
[ca]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[user]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[nokeyusage]
basicConstraints = critical, CA:false
keyUsage = critical, keyEncipherment
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

newca() { # name subject [issuer]
  local name=$1 subj=$2 issuer=${3:-}
  q openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$name.key.pem"
  if [ -z "$issuer" ]; then
    q openssl req -new -x509 -key "$name.key.pem" -subj "$subj" -days 3650 -sha256 \
      -extensions ca -config ext.cnf -out "$name.pem"
  else
    q openssl req -new -key "$name.key.pem" -subj "$subj" -out "$name.csr"
    q openssl x509 -req -in "$name.csr" -CA "$issuer.pem" -CAkey "$issuer.key.pem" -CAcreateserial \
      -days 3650 -sha256 -extfile ext.cnf -extensions ca -out "$name.pem"
  fi
  mkdir -p "$name.db"
  : > "$name.db/index.txt"
  echo 1000 > "$name.db/serial"
  echo 1000 > "$name.db/crlnumber"
  cat > "$name.db/ca.cnf" <<CNF
[ca]
default_ca = this
[this]
dir = $PWD/$name.db
database = \$dir/index.txt
serial = \$dir/serial
crlnumber = \$dir/crlnumber
new_certs_dir = \$dir
certificate = $PWD/$name.pem
private_key = $PWD/$name.key.pem
default_md = sha256
default_days = 730
default_crl_days = 3650
policy = anything
copy_extensions = none
unique_subject = no
[anything]
commonName = supplied
organizationName = optional
countryName = optional
serialNumber = optional
CNF
}

user() { # name subject algorithm(rsa|ec) extensions [startdate enddate] [ca]
  local name=$1 subj=$2 alg=$3 ext=$4 start=${5:-} end=${6:-} ca=${7:-intermediate}
  if [ "$alg" = ec ]; then
    q openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$name.key.pem"
  else
    q openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$name.key.pem"
  fi
  q openssl req -new -key "$name.key.pem" -subj "$subj" -out "$name.csr"
  local dates=()
  if [ -n "$start" ]; then dates=(-startdate "$start" -enddate "$end"); fi
  q openssl ca -batch -config "$ca.db/ca.cnf" -in "$name.csr" -extfile ext.cnf -extensions "$ext" \
    "${dates[@]}" -notext -out "$name.pem"
  if [ "$ca" = intermediate ]; then cat intermediate.pem root.pem > "$name.chain.pem"; else cp other-root.pem "$name.chain.pem"; fi
  q openssl pkcs12 -export -inkey "$name.key.pem" -in "$name.pem" -certfile "$name.chain.pem" \
    -name "$name" -passout pass:test-pass -out "$name.p12"
}

newca root "/C=UA/O=Oblik Test/CN=Oblik Test Root CA"
newca intermediate "/C=UA/O=Oblik Test/CN=Oblik Test Signing CA" root
newca other-root "/C=UA/O=Somebody Else/CN=Untrusted Root CA"
cat intermediate.pem root.pem > chain.pem

user good "/C=UA/O=TOV Teplomerezha/serialNumber=TINUA-1234567890/CN=Ivan Petrenko" rsa user
user good-ec "/C=UA/O=TOV Teplomerezha/CN=Olena Kovalenko" ec user
user expired "/C=UA/O=TOV Teplomerezha/CN=Expired Signer" rsa user 20200101000000Z 20210101000000Z
user revoked "/C=UA/O=TOV Teplomerezha/CN=Revoked Signer" rsa user
user nokeyusage "/C=UA/O=TOV Teplomerezha/CN=Encryption Only" rsa nokeyusage
user supplier "/C=UA/O=AT Kyivoblenergo/CN=Supplier Seal" rsa user
user stranger "/C=UA/O=Somebody Else/CN=Stranger" rsa user "" "" other-root

q openssl ca -batch -config intermediate.db/ca.cnf -revoke revoked.pem -crl_reason keyCompromise
q openssl ca -batch -config intermediate.db/ca.cnf -gencrl -out intermediate.crl.pem
q openssl ca -batch -config root.db/ca.cnf -gencrl -out root.crl.pem
rm -f ./*.csr
touch done
