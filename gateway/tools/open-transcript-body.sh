#!/usr/bin/env bash
# Opens a sealed transcript body (downloaded from the portal's transcript page) with the utility's
# RSA private key, using only openssl and coreutils. Keygate's servers hold the public key only.
#
#   usage: open-transcript-body.sh private-key.pem transcript-body-<sha256>.txt > body.txt
#
# The envelope is one line: KGT1 <RSA-OAEP(SHA-256) wrapped 64-byte key, base64> <IV, hex>
#   <AES-256-CBC ciphertext, base64> <HMAC-SHA256 over IV||ciphertext, hex>
# The first 32 bytes of the unwrapped key encrypt, the last 32 authenticate. The MAC is checked
# first; a body that fails it is not decrypted.
set -euo pipefail
key=$1
envelope=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The envelope has no trailing newline, so read reports end of file: that is expected.
read -r magic wrapped iv ciphertext mac < "$envelope" || true
[ "${magic:-}" = "KGT1" ] && [ -n "${mac:-}" ] || { echo "not a Keygate sealed body (expected KGT1)" >&2; exit 2; }
printf '%s' "$wrapped" | base64 -d > "$work/wrapped.bin"
openssl pkeyutl -decrypt -inkey "$key" -in "$work/wrapped.bin" -out "$work/keys.bin" \
  -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256
enc=$(head -c 32 "$work/keys.bin" | od -An -tx1 | tr -d ' \n')
auth=$(tail -c 32 "$work/keys.bin" | od -An -tx1 | tr -d ' \n')
printf '%s' "$ciphertext" | base64 -d > "$work/ciphertext.bin"
printf '%s' "$iv" | sed 's/../\\x&/g' | xargs -0 printf '%b' > "$work/iv.bin"
actual=$(cat "$work/iv.bin" "$work/ciphertext.bin" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$auth" -r | cut -d' ' -f1)
[ "$actual" = "$mac" ] || { echo "MAC mismatch: the envelope was altered or the key is not the right one" >&2; exit 3; }
openssl enc -d -aes-256-cbc -K "$enc" -iv "$iv" -in "$work/ciphertext.bin"
