#!/bin/sh
# Makes a local certificate authority and one server certificate per Compose service, for the
# distributed deployment on one host (infra/deploy/compose.yaml). openssl only. Kubernetes uses
# cert-manager instead (infra/deploy/k8s/tls.yaml).
#
#   infra/deploy/tls/make-local-ca.sh [output-directory]     (default: infra/deploy/secrets/tls)
#
# Writes ca.crt (what every client trusts), ca.key (keep it offline: whoever holds it can
# impersonate every service), and <service>.crt / <service>.key for auth-server, gateway, postgres,
# redis and the three simulated OT systems, each naming its Compose service name(s) and, for the
# two applications browsers reach, the public names (KEYGATE_PUBLIC_AUTH_NAME, default
# keygate.example.test; KEYGATE_PUBLIC_GATEWAY_NAME, default gateway.keygate.example.test) and localhost.
# Server certificates last 397 days (DAYS to change); run the script again to renew (the CA is
# kept when ca.key exists). Nothing is overwritten silently: an existing service key is kept, its
# certificate re-issued. EXTRA_NAMES (host names or addresses, space-separated; default none) go
# into every certificate: for services run on one host without Compose's network, as the
# multi-process test infra/e2e TlsEveryHopIT runs them (EXTRA_NAMES="localhost 127.0.0.1").
set -eu

out=${1:-$(dirname "$0")/../secrets/tls}
days=${DAYS:-397}
auth_name=${KEYGATE_PUBLIC_AUTH_NAME:-keygate.example.test}
gateway_name=${KEYGATE_PUBLIC_GATEWAY_NAME:-gateway.keygate.example.test}
extra_names=${EXTRA_NAMES:-}
umask 077
mkdir -p "$out"

if [ ! -f "$out/ca.key" ]; then
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$out/ca.key"
	openssl req -x509 -new -key "$out/ca.key" -sha256 -days 3650 -subj "/CN=Keygate local CA" \
		-addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" -out "$out/ca.crt"
	echo "made a new CA: $out/ca.crt"
fi

# issue NAME SAN...: a server (and client) certificate for the names given.
issue() {
	name=$1
	shift
	san=""
	# shellcheck disable=SC2086 # extra_names is a list
	for host in "$@" $extra_names; do
		case ",$san," in
			*",DNS:$host,"* | *",IP:$host,"*) continue ;;
		esac
		case $host in
			*[!0-9.]*) san="$san,DNS:$host" ;;
			*) san="$san,IP:$host" ;;
		esac
	done
	san=${san#,}
	[ -f "$out/$name.key" ] || openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$out/$name.key"
	openssl req -new -key "$out/$name.key" -subj "/CN=$1" -out "$out/$name.csr"
	printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyAgreement\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=%s\n' \
		"$san" >"$out/$name.ext"
	openssl x509 -req -in "$out/$name.csr" -CA "$out/ca.crt" -CAkey "$out/ca.key" -CAcreateserial -sha256 -days "$days" \
		-extfile "$out/$name.ext" -out "$out/$name.crt" 2>/dev/null
	rm -f "$out/$name.csr" "$out/$name.ext"
	openssl verify -CAfile "$out/ca.crt" "$out/$name.crt" >/dev/null
	echo "issued $out/$name.crt for $san"
}

issue auth-server auth-server "$auth_name" localhost 127.0.0.1
issue gateway gateway-a gateway-b "$gateway_name" localhost 127.0.0.1
issue postgres postgres
issue redis redis
issue head-end head-end
issue mdm mdm
issue scada-historian scada-historian

# The CA for the applications' JVM trust store (the Paketo buildpack's ca-certificates binding:
# a directory holding a file "type" with this content and the CA), for their HTTPS clients
# (OIDC between gateway and auth server, back-channel logout). PostgreSQL, Redis and the targets
# are trusted through their own settings, not through this.
printf 'ca-certificates' >"$out/binding-type"

# Keys are private to their owner. The applications' images run as uid 1000 (cnb), PostgreSQL's as
# 999 and Redis's as 999: give each key to its reader (as root), e.g.
#   chown 999 postgres.key redis.key && chown 1000 auth-server.key gateway.key
# PostgreSQL refuses a key readable by others (mode 0600, or 0640 owned by root).
chmod 0644 "$out"/*.crt "$out/binding-type"
chmod 0600 "$out"/*.key
echo "done: trust $out/ca.crt; keep $out/ca.key offline"
