#!/usr/bin/env bash
# `make sync-demo`: the README's walk-through on loopback, with real processes. A server
# (SQLite, self-signed TLS), two workstations with their own encrypted stores; both edit
# offline, including the same incident's category; A opens a case that B's supervisor approves
# between the two syncs. It prints that both hold the same incidents, the same case and one
# open conflict, and fails otherwise.
set -euo pipefail

ATALAYA=${ATALAYA:?set ATALAYA to the atalaya binary}
work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

export ATALAYA_PASSPHRASE='frase de la demo de sync'
export ATALAYA_USER_PASSWORD='contraseña de la demo'
a="$work/puesto-a.db"
b="$work/puesto-b.db"

echo "== 1. the server: atalaya serve (prints its URL and certificate fingerprint)"
"$ATALAYA" serve --listen 127.0.0.1:0 --data "$work/server" >"$work/serve.out" &
server_pid=$!
for _ in $(seq 1 300); do
  grep -q '^fingerprint: ' "$work/serve.out" 2>/dev/null && break
  sleep 0.1
done
url=$(sed -n 's/^url: //p' "$work/serve.out")
fingerprint=$(sed -n 's/^fingerprint: //p' "$work/serve.out")
[ -n "$url" ] && [ -n "$fingerprint" ] || { echo "the server did not start"; exit 1; }
echo "   url: $url"
echo "   fingerprint: $fingerprint"

echo "== 2. two users (passwords from ATALAYA_USER_PASSWORD)"
"$ATALAYA" server user add ana --role analyst --jurisdiction all --data "$work/server"
"$ATALAYA" server user add beto --role supervisor --jurisdiction all --data "$work/server"

echo "== 3. workstation A has 200 incidents; B starts empty; both register and sync"
"$ATALAYA" --db "$a" demo --seed 7 --incidents 200 --days 60 >/dev/null
"$ATALAYA" --db "$b" init
"$ATALAYA" --db "$a" sync --server "$url" --fingerprint "$fingerprint" --user ana
"$ATALAYA" --db "$b" sync --server "$url" --fingerprint "$fingerprint" --user beto

echo "== 4. offline edits: the same incident recategorized on both, another edit on each"
ids=$("$ATALAYA" --db "$a" query --format csv --category dmcs.hurto --limit 3 | tail -n +2 | cut -d, -f1)
shared=$(echo "$ids" | sed -n 1p)
only_a=$(echo "$ids" | sed -n 2p)
only_b=$(echo "$ids" | sed -n 3p)
"$ATALAYA" --db "$a" incident set "$shared" category=dmcs.robo_sorpresa
"$ATALAYA" --db "$b" incident set "$shared" category=dmcs.lesiones
"$ATALAYA" --db "$a" incident set "$only_a" "description=revisado por ana"
"$ATALAYA" --db "$b" incident set "$only_b" "description=revisado por beto"

echo "== 5. ana opens a case on A with two incidents and a note, and sends it for review"
case_id=$(USER=ana "$ATALAYA" --db "$a" case new "Hurtos en el eje Providencia" --supervisor beto)
USER=ana "$ATALAYA" --db "$a" case add "$case_id" --incident "$only_a" --incident "$only_b" \
  --note "Mismo horario, salida del metro"
USER=ana "$ATALAYA" --db "$a" case submit "$case_id"

echo "== 6. both sync (URL and fingerprint are remembered)"
echo "-- round 1: A"; "$ATALAYA" --db "$a" sync
echo "-- round 1: B"; "$ATALAYA" --db "$b" sync

echo "== 7. beto approves the case on B while ana adds a note on A; both sync again"
USER=beto "$ATALAYA" --db "$b" case review "$case_id" --decision approve --comment "Conforme"
USER=ana "$ATALAYA" --db "$a" case add "$case_id" --note "Cámara 12 lo confirma"
echo "-- round 2: A"; "$ATALAYA" --db "$a" sync
echo "-- round 2: B"; "$ATALAYA" --db "$b" sync
echo "-- round 3: A"; "$ATALAYA" --db "$a" sync

echo "== 8. the result"
"$ATALAYA" --db "$a" query --format csv >"$work/a.csv"
"$ATALAYA" --db "$b" query --format csv >"$work/b.csv"
count_a=$(($(wc -l <"$work/a.csv") - 1))
"$ATALAYA" --db "$a" conflicts >"$work/conflicts-a.txt"
"$ATALAYA" --db "$b" conflicts >"$work/conflicts-b.txt"
conflicts_a=$(head -1 "$work/conflicts-a.txt")
conflicts_b=$(head -1 "$work/conflicts-b.txt")
"$ATALAYA" --db "$a" case show "$case_id" --format json >"$work/case-a.json"
"$ATALAYA" --db "$b" case show "$case_id" --format json >"$work/case-b.json"
"$ATALAYA" --db "$b" case show "$case_id"
cat "$work/conflicts-a.txt"
if cmp -s "$work/a.csv" "$work/b.csv" && [ "$conflicts_a" = "1 conflict open" ] \
   && [ "$conflicts_b" = "1 conflict open" ] && cmp -s "$work/case-a.json" "$work/case-b.json" \
   && grep -q '"status": "approved"' "$work/case-a.json"; then
  echo "OK: both workstations hold the same $count_a incidents, the same approved case and one open conflict"
else
  echo "FAILED: the stores differ or the conflict count is wrong (A: $conflicts_a, B: $conflicts_b)"
  diff "$work/a.csv" "$work/b.csv" | head -20
  diff "$work/case-a.json" "$work/case-b.json" | head -20
  exit 1
fi
