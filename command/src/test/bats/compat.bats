#!/usr/bin/env bats
# Scripts written for Ockam's `ockam` command, run unchanged against ./ockam (issue 14). Each test is a line (or a
# few) as Ockam's documentation and users' scripts write them: the options, the JSON fields jq looks for, the
# multiaddrs grep looks for. Run with scripts/test-command-compat (needs bats, jq, curl).

setup_file() {
  export OCKAM_HOME="$(mktemp -d /tmp/ockamj-compat.XXXXXX)"
  export ROOT="$(cd "$BATS_TEST_DIRNAME/../../../.." && pwd)"
  export PATH="$ROOT:$PATH" # `ockam` is ./ockam, as a user puts it on the PATH
  ockam node create n1 >/dev/null
  ockam node create n2 >/dev/null
}

teardown_file() {
  ockam node delete --all --yes >/dev/null 2>&1 || true
  rm -rf "$OCKAM_HOME"
}

port_of() { # the node's TCP listener port, from Ockam's node show JSON
  ockam node show "$1" --output json | jq -r '.route.verbose' | sed 's|.*/tcp/||'
}

@test "message send takes /node/NAME for --from and --to, with --timeout and --no-retry" {
  run ockam message send hi --timeout 5 --from /node/n1 --to /node/n2/service/uppercase
  [ "$status" -eq 0 ]
  [ "$output" = "HI" ]
  run ockam message send hi --no-retry --from n1 --to /node/n2/service/echo
  [ "$status" -eq 0 ]
  [ "$output" = "hi" ]
}

@test "/node/NAME is accepted by --at, --node and the node commands" {
  ockam worker list --at /node/n1 | grep -q uppercase
  ockam service list --node /node/n1 | grep -q /service/echo
  [ "$(ockam node show /node/n1 | jq -r .name)" = "n1" ]
  run ockam worker list --at /node/n1/service/echo
  [ "$status" -eq 1 ]
  [[ "$output" == *"is not a node"* ]]
}

@test "--output json before or after the subcommand; tcp-connection create gives Ockam's /worker address" {
  port="$(port_of n2)"
  address="$(ockam tcp-connection create --from n1 --to "127.0.0.1:$port" --output json | jq -r .address)"
  [[ "$address" == /worker/* ]]
  ockam --output json tcp-connection list --at n1 | jq -e --arg a "$address" 'any(.[]; .address == $a)'
  ockam message send hello --from n1 --to "$address/service/uppercase" | grep -qx HELLO
  # show and delete by the peer's HOST:PORT as well as by address
  ockam tcp-connection show "127.0.0.1:$port" --from n1 --output json | jq -e '.mode == "Outgoing"'
  ockam tcp-connection show "$address" --from n1 | grep -q "Socket address: 127.0.0.1:$port"
  # (n1 may have another connection to the same peer, from an earlier message send: one of them goes)
  count() { ockam tcp-connection list --at n1 --output json | jq --arg p "127.0.0.1:$port" '[.[] | select(.socket_addr == $p)] | length'; }
  before="$(count)"
  ockam tcp-connection delete "127.0.0.1:$port" --from n1 --yes
  [ "$(count)" -eq $((before - 1)) ]
}

@test "delete without --yes and without an answer deletes nothing" {
  address="$(ockam tcp-connection create --from n1 --to /node/n2 --output json | jq -r .address)"
  run ockam tcp-connection delete "$address" --from n1 < /dev/null
  [ "$status" -eq 1 ]
  ockam tcp-connection show "$address" --from n1 >/dev/null
  echo y | ockam tcp-connection delete "$address" --from n1
  run ockam tcp-connection show "$address" --from n1 # (a bare `! cmd` would not fail a bats test)
  [ "$status" -eq 1 ]
}

@test "tcp-listener create prints its multiaddr; show and delete --yes by HOST:PORT" {
  run ockam tcp-listener create 127.0.0.1:0 --at n1
  [ "$status" -eq 0 ]
  route="$(echo "$output" | grep -o '/dnsaddr/localhost/tcp/[0-9]*')"
  port="${route##*/}"
  ockam message send hi --to "/ip4/127.0.0.1/tcp/$port/service/echo" | grep -qx hi
  ockam tcp-listener show "127.0.0.1:$port" --at n1 --output json | jq -e --arg p "127.0.0.1:$port" \
    '.socket_addr == $p and .type == "Tcp" and .mode == "Listen"'
  ockam tcp-listener list --at n1 --output json | jq -e --arg p "127.0.0.1:$port" 'any(.[]; .socket_addr == $p)'
  ockam tcp-listener delete "127.0.0.1:$port" --at n1 --yes
  run ockam tcp-listener show "127.0.0.1:$port" --at n1
  [ "$status" -eq 1 ]
}

@test "node show in a script is Ockam's JSON: name, pid, status, route, services with addr and type" {
  show="$(ockam node show n1)" # stdout is not a terminal: JSON, as Ockam's
  [ "$(echo "$show" | jq -r .name)" = "n1" ]
  pid="$(echo "$show" | jq .pid)"
  kill -0 "$pid" # the node's real process
  [ "$(echo "$show" | jq -r .status)" = "running" ]
  echo "$show" | jq -e '.is_default == true'
  echo "$show" | jq -e '.route.short == "/node/n1"'
  echo "$show" | jq -r .route.verbose | grep -Eq '^/dnsaddr/localhost/tcp/[0-9]+$'
  echo "$show" | jq -e 'any(.services[]; .addr == "uppercase" and .type == "uppercase")'
  echo "$show" | jq -e 'any(.transports[]; .type == "Tcp" and .mode == "Listen")'
  echo "$show" | jq -e 'any(.secure_channel_listeners[]; .address == "/service/api")'
  # ockamj's own text when asked for
  ockam node show n1 --output plain | grep -q "Name: n1"
}

@test "node list --output json has node_name, is_default, status and pid" {
  ockam node list --output json | jq -e 'any(.[]; .node_name == "n1" and .is_default == true and .status.status == "running")'
  ockam node list --output json | jq -e 'any(.[]; .node_name == "n2" and .is_default == false and (.pid | type) == "number")'
}

@test "node create starts a stopped or killed node again; a running one is an error" {
  ockam node create r1 >/dev/null
  ockam node stop r1
  [ "$(ockam node show r1 | jq -r .status)" = "stopped" ]
  [ "$(ockam node show r1 | jq 'has("pid")')" = "false" ]
  ockam node create r1 >/dev/null
  [ "$(ockam node show r1 | jq -r .status)" = "running" ]
  kill -9 "$(ockam node show r1 | jq .pid)"
  for _ in $(seq 50); do [ "$(ockam node show r1 | jq -r .status)" = "zombie" ] && break; sleep 0.2; done
  ockam node create r1 >/dev/null
  ockam message send hi --to /node/r1/service/echo | grep -qx hi
  run ockam node create r1
  [ "$status" -eq 1 ]
  [[ "$output" == *"already exists"* ]]
  # node start prints the node as node show does
  ockam node stop r1
  [ "$(ockam node start r1 | jq -r .name)" = "r1" ]
  ockam node delete r1 --yes
}

@test "a background node's stdout and stderr logs are in its state directory, owner-only" {
  log="$(ockam node logs n1)"
  [ "$log" = "$OCKAM_HOME/nodes/n1/stdout.log" ]
  grep -q "node 'n1' is up" "$log"
  [ -f "$OCKAM_HOME/nodes/n1/stderr.log" ]
  [ "$(stat -c %a "$log")" = "600" ]
  [ "$(stat -c %a "$OCKAM_HOME/nodes/n1/stderr.log")" = "600" ]
  [ "$(ockam node logs n1 --output json | jq -r .path)" = "$log" ]
}

@test "node create config.yaml: variables from the file, the environment and --variable; resources made" {
  python3 -m http.server --bind 127.0.0.1 0 > "$BATS_TEST_TMPDIR/http.log" 2>&1 &
  server=$!
  for _ in $(seq 50); do grep -q "port" "$BATS_TEST_TMPDIR/http.log" && break; sleep 0.1; done
  service_port="$(grep -o 'port [0-9]*' "$BATS_TEST_TMPDIR/http.log" | cut -d' ' -f2)"
  client_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  cat > "$BATS_TEST_TMPDIR/node.yaml" <<EOF
variables:
  SERVICE_PORT: 1
name: c1
tcp-outlets:
  web-outlet:
    to: \$SERVICE_PORT
tcp-inlets:
  web-inlet:
    from: \${CLIENT_PORT}
    to: /node/c1/service/web-outlet
EOF
  # --variable wins over the environment, which wins over the file's own section
  SERVICE_PORT=2 ockam node create "$BATS_TEST_TMPDIR/node.yaml" --variable "SERVICE_PORT=$service_port" \
    --variable "CLIENT_PORT=$client_port"
  curl -sf "http://127.0.0.1:$client_port/" >/dev/null
  ockam tcp-outlet list --at c1 --output json | jq -e --arg t "127.0.0.1:$service_port" 'any(.[]; .to == $t)'
  ockam tcp-inlet show web-inlet --at c1 --output json | jq -e --arg b "127.0.0.1:$client_port" '.bind_addr == $b'
  kill "$server"
  ockam node delete c1 --yes
}

@test "node create --configuration: inline YAML, clear errors for unset and empty variables, rollback" {
  ockam node create --configuration "{name: c2, tcp-outlets: {db-outlet: {to: 5432, at: c2}}}"
  ockam tcp-outlet show db-outlet --at c2 --output json | jq -e '.to == "127.0.0.1:5432"'
  ockam node delete c2 --yes

  unset MY_VAR
  run ockam node create --configuration '{name: c3, tcp-outlets: {db: {to: $MY_VAR}}}'
  [ "$status" -eq 1 ]
  [[ "$output" == *"Failed to resolve variable 'MY_VAR'"* ]]
  MY_VAR= run ockam node create --configuration '{name: c3, tcp-outlets: {db: {to: $MY_VAR}}}'
  [ "$status" -eq 1 ]
  [[ "$output" == *"Empty value for variable 'MY_VAR'"* ]]
  # a part that fails (this inlet's route names no such node) deletes the node: nothing half-made is left
  run ockam node create --configuration '{name: c3, tcp-inlets: {x: {to: /node/nowhere/service/outlet}}}'
  [ "$status" -eq 1 ]
  [[ "$output" == *"The node has been deleted"* ]]
  [ "$(ockam node list --output json | jq 'any(.[]; .node_name == "c3")')" = "false" ]
}

@test "node create --http-server-port: the node's status as JSON on 127.0.0.1" {
  http_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  ockam node create h1 --http-server-port "$http_port" >/dev/null
  curl -sf "http://127.0.0.1:$http_port/show" | jq -e '.name == "h1" and .status == "running"'
  curl -sf "http://127.0.0.1:$http_port/show" | jq -e 'any(.services[]; .addr == "echo")'
  [ "$(curl -s -o /dev/null -w '%{http_code}' -I "http://127.0.0.1:$http_port/")" = "200" ]
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port/nothing")" = "404" ]
  [ "$(ockam node show h1 | jq -r .http_server_address)" = "127.0.0.1:$http_port" ]
  ockam node delete h1 --yes
}

@test "-v and -vv are counted, as Ockam's verbosity" {
  ockam -vv node create v1 >/dev/null   # global, before the subcommand, as in Ockam
  ockam node show v1 | jq -e '.status == "running"'
  grep -q DEBUG "$(ockam node logs v1)" # a verbose node logs at DEBUG
  ockam node stop v1 -v >/dev/null
  ockam node delete v1 --yes
}

@test "message send --no-retry to a stopped node fails at once with the reason" {
  ockam node create s1 >/dev/null
  ockam node stop s1
  run ockam message send hi --no-retry --to /node/s1/service/echo
  [ "$status" -eq 1 ]
  [[ "$output" == *"not running"* ]]
  ockam node delete s1 --yes
}
