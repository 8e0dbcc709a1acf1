#!/usr/bin/env bash
# Pictures of the client against a real demo server, in a virtual X display (xvfb):
#   tests/client/screenshot.sh LANG OUT.png [LOGIN] [oblik options...]
# The server's development certificate is pinned beforehand (from the fingerprint it announces),
# so the picture is the account overview; NOPIN=1 leaves it untrusted and pictures the login
# dialog asking about it instead. Settings live in a throwaway folder, never the user's own.
#   OBLIK_BUILD_DIR  the build folder (default: build/ of this checkout)
#   OBLIK_SCREENSHOT_TAB=readings|history|balance|invoices|tax-invoices|payments|turnover|tariffs|
#                        documents  pictures that tab instead of the overview
#   OBLIK_SCREENSHOT_DIALOG=invoice|calculate|payment|services|billrun|payment-history|document|sign|signatures
#                        pictures that billing dialog (a clerk with --account NUMBER for payment, services and billrun;
#                        a dialog that does not open, e.g. calculate for a login whose contract does not
#                        allow it, gives the window with the reason after 15 s);
#                        sign: the sign dialog with a SoftHSM2 token made from the test PKI;
#                        signatures: the signatures of the newest document (the server signs with
#                        the test PKI's supplier key when it knows --sign-key);
#                        document: the viewer with the newest invoice's package, or with
#                        OBLIK_SCREENSHOT_DOCUMENT=act|blank-act|turnover|payments|tax that document
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${OBLIK_BUILD_DIR:-$root/build}
lang=${1:?language uk|ru|en}
out=$(realpath -m "${2:?output .png}")
login=${3:-accountant}
shift $(( $# < 3 ? $# : 3 ))
work=$(mktemp -d /tmp/oblik-shot.XXXXXX)
"$build/bin/oblik-server" demo --db "sqlite:$work/demo.db" >/dev/null
serve_args=()
case "${OBLIK_SCREENSHOT_DIALOG:-}" in
  sign|signatures)
    # The test PKI: a token with its users for the sign dialog, the supplier's key for the server.
    "$root/tests/support/make-test-pki.sh" "$work/pki" >/dev/null
    if [ "${OBLIK_SCREENSHOT_DIALOG}" = sign ]; then
      "$root/tests/support/make-softhsm-token.sh" "$work/token" "$work/pki" >/dev/null
      export SOFTHSM2_CONF=$work/token/softhsm2.conf
    fi
    if "$build/bin/oblik-server" serve --help 2>&1 | grep -q -- --sign-key; then
      serve_args=(--sign-key "$work/pki/supplier.p12" --sign-pin-file "$work/pki/pass" --trust "$work/pki/root.pem")
      printf 'test-pass\n' >"$work/pki/pass"
    fi
    ;;
esac
"$build/bin/oblik-server" serve --db "sqlite:$work/demo.db" --listen 127.0.0.1:0 "${serve_args[@]}" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do grep -q "listening on" "$work/server.log" && break; sleep 0.1; done
url=$(grep -o 'https://[^ ]*' "$work/server.log" | head -n 1)
fingerprint=$(grep -o 'fingerprint [0-9A-F:]*' "$work/server.log" | head -n 1 | cut -d' ' -f2)
hostport=${url#https://}
mkdir -p "$work/config/Oblik"
if [ -z "${NOPIN:-}" ]; then
  # CertificateStore's key: tls/pinned/<host:port>, with ':' escaped the way QSettings writes INI keys.
  printf '[tls]\npinned\\%s=%s\n' "${hostport/:/%3A}" "$fingerprint" >"$work/config/Oblik/oblik.conf"
fi
if [ "${OBLIK_SCREENSHOT_DIALOG:-}" = signatures ]; then
  # The test root as the user's trust anchor: the supplier's signature checks out on this computer.
  printf '[signing]\ntrustAnchors=%s\n' "$work/pki/root.pem" >>"$work/config/Oblik/oblik.conf"
fi
XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" OBLIK_PASSWORD=oblik-demo \
  xvfb-run -a -s "-screen 0 1400x900x24" \
  "$build/bin/oblik" --server "$url" --login "$login" --lang "$lang" --screenshot "$out" "$@"
