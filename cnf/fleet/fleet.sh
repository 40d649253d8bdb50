#!/usr/bin/env bash
# ./mechos fleet N: a broker on loopback and N simulated robots on one machine, each with its own run directory
# (MECHOS_FLEET_HOME/robotI, default ~/.mechos-fleet), console port (8081..) and start pose, in fleet "local".
# Ctrl-C or SIGTERM stops the robots, then the broker. Needs Debian's mosquitto (apt-get install mosquitto): there is
# no embedded Java broker fallback, because the one Java broker the project's Maven mirror serves, Moquette (up to
# 0.17), speaks MQTT 3.1.1 only and our Paho MQTT 5 clients cannot connect to it (MQTT 5 came with Moquette 0.18,
# which the mirror does not serve). MECHOS_MOSQUITTO_SEARCH (default: $PATH plus the sbin directories) is where the
# broker and mosquitto_passwd are looked for.
set -euo pipefail
n="${1:?usage: ./mechos fleet N}"
[[ "$n" =~ ^[1-9][0-9]?$ ]] || { echo "mechos fleet: N must be 1..99, got '$n'" >&2; exit 2; }
base="${MECHOS_FLEET_HOME:-$HOME/.mechos-fleet}"
port="${MECHOS_FLEET_PORT:-18830}"
jar=mechos.app/target/run.jar
search="${MECHOS_MOSQUITTO_SEARCH-$PATH:/usr/sbin:/usr/local/sbin:/usr/bin}"
find_tool() {
  local d
  IFS=: read -ra dirs <<< "$search"
  for d in "${dirs[@]}"; do
    [ -n "$d" ] && [ -x "$d/$1" ] && { echo "$d/$1"; return 0; }
  done
  return 0
}
broker=$(find_tool mosquitto)
passwd_tool=$(find_tool mosquitto_passwd)
if [ -z "$broker" ] || [ -z "$passwd_tool" ]; then
  cat >&2 <<MSG
mechos fleet: the MQTT 5 broker Mosquitto is not installed (looked for mosquitto and mosquitto_passwd in $search).
  Install it:   sudo apt-get install mosquitto
  (No embedded broker is started instead: the Java broker the build can fetch, Moquette 0.17, has no MQTT 5,
  which the robots' fleet link needs. Any MQTT 5 broker on loopback works if you start it yourself and set
  broker.uri in each robot's conf/mechos.fleet.cfg.)
MSG
  exit 2
fi

mkdir -p "$base/broker/data"
# Broker: loopback only, one password per robot (generated once, kept in the robot's run directory), the shipped ACL.
: > "$base/broker/passwd"
for i in $(seq 1 "$n"); do
  mkdir -p "$base/robot$i/conf"
  pwfile="$base/robot$i/fleet.password"
  [ -s "$pwfile" ] || (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$pwfile")
  "$passwd_tool" -b "$base/broker/passwd" "robot$i" "$(cat "$pwfile")"
done
cp cnf/fleet/acl "$base/broker/acl"
cat > "$base/broker/mosquitto.conf" <<CONF
per_listener_settings false
allow_anonymous false
password_file $base/broker/passwd
acl_file $base/broker/acl
persistence true
persistence_location $base/broker/data/
max_queued_messages 10000
set_tcp_nodelay true
user $(id -un)
log_dest file $base/broker/mosquitto.log
listener $port 127.0.0.1
CONF
chmod 600 "$base/broker/passwd"

pids=()
stop() {
  trap - INT TERM EXIT
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -n "${broker_pid:-}" ] && kill "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null || true
}
trap stop INT TERM EXIT
"$broker" -c "$base/broker/mosquitto.conf" & broker_pid=$!
echo "mechos fleet: broker on 127.0.0.1:$port (log $base/broker/mosquitto.log)" >&2

for i in $(seq 1 "$n"); do
  home="$base/robot$i"
  # The fleet configuration (FileInstall applies conf/ at start) and a start pose 1.5 m apart along y.
  cat > "$home/conf/mechos.fleet.cfg" <<CFG
robot.id=robot$i
fleet=local
broker.uri=tcp://127.0.0.1:$port
username=robot$i
password=$(cat "$home/fleet.password")
allowed.peers=*
CFG
  if [ ! -f "$home/conf/mechos.hal.sim.robot-default.cfg" ]; then
    sed -e "s/^startY=.*/startY=$(awk "BEGIN{print ($i-1)*1.5}")/" cnf/conf/mechos.hal.sim.robot-default.cfg \
      > "$home/conf/mechos.hal.sim.robot-default.cfg"
  fi
  # Localisation starts at the same pose, so each robot's map frame is the shared one (peers' footprints line up).
  if [ ! -f "$home/conf/mechos.perception.localisation.cfg" ]; then
    sed -e "s/^initial.y=.*/initial.y=$(awk "BEGIN{print ($i-1)*1.5}")/" cnf/conf/mechos.perception.localisation.cfg \
      > "$home/conf/mechos.perception.localisation.cfg"
  fi
  java -Dmechos.home="$home" -Dlaunch.storage.dir="$home/felix" -Dorg.osgi.service.http.port=$((8080 + i)) \
    ${MECHOS_JAVA_OPTS:-} -jar "$jar" > "$home/console.log" 2>&1 &
  pids+=($!)
  echo "mechos fleet: robot$i pid $! console http://127.0.0.1:$((8080 + i))/ (log $home/console.log)" >&2
done
wait "${pids[@]}"
