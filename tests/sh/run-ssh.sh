# run.sh -S with a real second host: an sshd this test starts on
# 127.0.0.1 at a free port, a key made for the test, rinse installed under
# a PREFIX the remote side runs. The outputs are byte-identical to a local
# run; an unreachable host is an error before anything is read; a host
# whose sshd goes away mid-run has its batches run again on the other.
# Skipped, saying why, where sshd or ssh cannot be had.
set -u
skip() { echo "skip: $*"; exit 77; }
sshd=$(command -v sshd || ls /usr/sbin/sshd 2>/dev/null) || skip "no sshd (Debian: apt-get install openssh-server)"
command -v ssh >/dev/null || skip "no ssh client"
command -v ssh-keygen >/dev/null || skip "no ssh-keygen"
command -v python3 >/dev/null || skip "no python3 to find a free port"
fail=0
no() { echo "FAIL: $*"; fail=1; }
cd "$TMP" || exit 2
k=$TMP/ssh
mkdir -p "$k" && chmod 700 "$k"
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done' EXIT

freeport() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
ssh-keygen -q -t ed25519 -N '' -f "$k/host" || skip "ssh-keygen failed"
ssh-keygen -q -t ed25519 -N '' -f "$k/user" || skip "ssh-keygen failed"
cp "$k/user.pub" "$k/authorized_keys"
chmod 600 "$k/authorized_keys"
[ "$(id -u)" = 0 ] && mkdir -p /run/sshd 2>/dev/null
# startd NAME: an sshd for host NAME; its pid in pid_NAME.
startd() {
	local port
	port=$(freeport)
	cat >"$k/sshd_$1" <<EOC
Port $port
ListenAddress 127.0.0.1
HostKey $k/host
AuthorizedKeysFile $k/authorized_keys
PidFile $k/sshd_$1.pid
StrictModes no
UsePAM no
PermitRootLogin yes
PasswordAuthentication no
KbdInteractiveAuthentication no
EOC
	"$sshd" -D -e -f "$k/sshd_$1" 2>"$k/sshd_$1.log" &
	eval "pid_$1=$!"
	pids="$pids $!"
	cat >>"$k/config" <<EOC
Host $1
  HostName 127.0.0.1
  Port $port
  User $(id -un)
  IdentityFile $k/user
  IdentitiesOnly yes
  BatchMode yes
  StrictHostKeyChecking no
  UserKnownHostsFile /dev/null
  LogLevel ERROR
EOC
}
: >"$k/config"
startd hosta
startd hostb
# A host where nothing listens.
cat >>"$k/config" <<EOC
Host nohost
  HostName 127.0.0.1
  Port $(freeport)
  BatchMode yes
  ConnectTimeout 5
EOC
export RINSE_SSH="ssh -F $k/config"
up=0
for i in $(seq 50); do
	ssh -F "$k/config" hosta true 2>/dev/null && ssh -F "$k/config" hostb true 2>/dev/null && { up=1; break; }
	sleep 0.2
done
[ $up = 1 ] || skip "the test's sshd did not come up: $(cat "$k"/sshd_*.log | head -3)"

# rinse installed under a prefix; the remote side runs it from there.
pfx=$TMP/pfx
make -s -C "$TOP" install PREFIX="$pfx" >"$TMP/install.log" 2>&1 ||
    { no "make install: $(tail -3 "$TMP/install.log")"; exit 1; }

mkdir -p in
i=0
for n in 1 2 3; do
	for f in "$TOP"/samples/*; do
		case $f in */README*) continue ;; esac
		i=$((i + 1))
		cp "$f" "in/$i-${f##*/}"
	done
done
"$TOP/run.sh" -b 4 -o local in 2>err || no "local run: exit $?: $(cat err)"

# 1. The whole chain on the remote host: byte-identical outputs.
"$TOP/run.sh" -b 4 -S 1/hosta --remote "$pfx/bin/rinse-run" -o remote in 2>err ||
    no "-S hosta: exit $?: $(cat err)"
diff -r -x .rinse local remote >/dev/null || no "-S hosta: outputs differ from a local run"
grep -q "files: $i done" err || no "-S hosta summary: $(head -1 err)"

# 2. An unreachable host is an error that says so; nothing is done.
"$TOP/run.sh" -b 4 -S 1/hosta,1/nohost --remote "$pfx/bin/rinse-run" -o unreach in 2>err
st=$?
[ $st = 2 ] || no "unreachable host: want exit 2, got $st"
grep -q "cannot be reached" err || no "unreachable host message: $(cat err)"
ls unreach/*.txt >/dev/null 2>&1 && no "unreachable host: outputs written"

# 3. A host that goes away mid-run: its batches run on the other one.
"$TOP/run.sh" -j 2 -b 1 -S 1/hosta,1/hostb --remote "$pfx/bin/rinse-run" -o away in 2>err &
run=$!
for t in $(seq 100); do
	[ "$(ls away/*.txt 2>/dev/null | wc -l)" -ge 2 ] && break
	sleep 0.1
done
kill "$pid_hostb"
wait $run || no "host away: exit $?: $(cat err)"
diff -r -x .rinse local away >/dev/null || no "host away: outputs differ from a local run"
ls -a away | grep -q '\.tmp$' && no "host away: temporary files left"
exit $fail
