#!/usr/bin/env bash
# local-slurm.sh up|down|status STATE_DIR — a private single-node Slurm on localhost, for tests.
#
#   up     installs Debian's slurm-wlm and munge when missing (needs root and apt-get), starts munged
#          unless one already answers, writes STATE_DIR/slurm.conf (own ports, spool, logs and pid
#          files, all under STATE_DIR) and starts slurmctld and slurmd with it; waits until the node
#          is idle. Prints `export SLURM_CONF=STATE_DIR/slurm.conf` for the client commands.
#   down   stops exactly the daemons this script started (by the pids it recorded), never others.
#   status exit 0 when the private cluster answers.
#
# It never reads or writes /etc/slurm and never stops a Slurm or munged it did not start.
# Exit codes: 0 ok, 2 usage, 77 cannot run here (not root / no apt-get / install refused: a test
# skips with the printed reason), 1 any other failure (the daemons' logs are printed).
set -euo pipefail
cmd=${1:-}; state=${2:-}
[ -n "$cmd" ] && [ -n "$state" ] || { echo "usage: $0 up|down|status STATE_DIR" >&2; exit 2; }
mkdir -p "$state"; state=$(cd "$state" && pwd)
conf="$state/slurm.conf"
ctld_port=${LOCAL_SLURM_CTLD_PORT:-16817}; slurmd_port=${LOCAL_SLURM_SLURMD_PORT:-16818}

skip() { echo "local-slurm: cannot run here: $*" >&2; exit 77; }

install_if_missing() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null \
      && command -v munged >/dev/null; then return 0; fi
  [ "$(id -u)" = 0 ] || skip "Slurm is not installed and installing it needs root (uid $(id -u))"
  command -v apt-get >/dev/null || skip "Slurm is not installed and there is no apt-get"
  echo "local-slurm: installing slurm-wlm and munge with apt-get (about a minute)" >&2
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge; } \
      >"$state/apt.log" 2>&1; then
    tail -n 20 "$state/apt.log" >&2; skip "apt-get could not install slurm-wlm and munge (log above)"
  fi
}

munge_ok() { munge -n 2>/dev/null | unmunge >/dev/null 2>&1; }

start_munge() {
  munge_ok && return 0
  [ "$(id -u)" = 0 ] || skip "munged is not running and starting it needs root"
  mkdir -p /run/munge /var/lib/munge /var/log/munge
  [ -f /etc/munge/munge.key ] || { dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null; }
  chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge
  chmod 0700 /etc/munge; chmod 0400 /etc/munge/munge.key
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do munge_ok && break; sleep 0.1; done
  munge_ok || { echo "local-slurm: munged did not answer" >&2; exit 1; }
  pgrep -u munge -n munged > "$state/munged.pid.ours"
}

write_conf() {
  local host cpus mem
  host=$(hostname -s); cpus=$(nproc)
  mem=$(( $(free -m | awk '/^Mem:/ {print $2}') * 9 / 10 ))
  mkdir -p "$state/ctld" "$state/slurmd" "$state/log"
  cat > "$conf" <<CONF
ClusterName=ttfplocal
SlurmctldHost=$host
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/slurmd
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
SchedulerType=sched/backfill
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_idle() {
  for _ in $(seq 120); do
    if SLURM_CONF="$conf" sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then return 0; fi
    sleep 0.5
  done
  echo "local-slurm: the node did not become idle within 60 s; logs:" >&2
  tail -n 30 "$state"/log/*.log >&2 || true
  return 1
}

case "$cmd" in
  up)
    install_if_missing
    start_munge
    if alive "$state/slurmctld.pid"; then echo "local-slurm: already up in $state" >&2; else
      write_conf
      /usr/sbin/slurmctld -f "$conf" -i
      for _ in $(seq 50); do alive "$state/slurmctld.pid" && break; sleep 0.1; done
      cp "$state/slurmctld.pid" "$state/slurmctld.pid.ours"
      /usr/sbin/slurmd -f "$conf"
      for _ in $(seq 50); do alive "$state/slurmd.pid" && break; sleep 0.1; done
      cp "$state/slurmd.pid" "$state/slurmd.pid.ours" 2>/dev/null || true
    fi
    wait_idle
    echo "export SLURM_CONF=$conf"
    ;;
  down)
    for d in slurmd slurmctld munged; do
      f="$state/$d.pid.ours"
      if [ -f "$f" ]; then
        pid=$(cat "$f")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
        rm -f "$f"
      fi
    done
    ;;
  status)
    SLURM_CONF="$conf" sinfo -h >/dev/null 2>&1
    ;;
  *) echo "usage: $0 up|down|status STATE_DIR" >&2; exit 2 ;;
esac
