# Shared by ./start, ./stop and ./status: where the cluster lives and how to reach it.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lib="$here/target/lib"
state="${FLINK_CLUSTER_STATE:-$here/target/state}"
rest_port="${FLINK_REST_PORT:-8081}"
rpc_port="${FLINK_RPC_PORT:-6123}"
overview="http://127.0.0.1:$rest_port/overview"
# TaskManagers the cluster runs (each its own JVM, so work crosses processes as on a real cluster).
count_file="$state/taskmanagers"

# Java 17 closes the JDK internals Flink reaches into (its own scripts pass the same list).
OPENS="--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
 --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
 --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
 --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
 --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED
 --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
 --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
 --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"

alive() {
  [ -f "$state/$1.pid" ] && kill -0 "$(cat "$state/$1.pid")" 2>/dev/null
}

# Each TaskManager's process name: taskmanager, taskmanager-2, ...
tm_name() {
  [ "$1" -eq 1 ] && echo taskmanager || echo "taskmanager-$1"
}

# How many TaskManagers the running cluster was started with (1 when it does not say).
started_tms() {
  cat "$count_file" 2>/dev/null || echo 1
}

# Whether the JobManager and every TaskManager the cluster was started with are alive.
all_alive() {
  alive jobmanager || return 1
  local i
  for i in $(seq 1 "$(started_tms)"); do
    alive "$(tm_name "$i")" || return 1
  done
}

task_managers() {
  curl -fsS --max-time 2 "$overview" 2>/dev/null | sed -n 's/.*"taskmanagers":\([0-9]*\).*/\1/p'
}
