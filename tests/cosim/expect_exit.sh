#!/usr/bin/env bash
# expect_exit.sh RC FILE CMD...: runs CMD and passes only if it exits with RC and leaves FILE
# behind, non-empty (FILE is removed first, so a stale one cannot pass). For checks that a tool
# fails the documented way, e.g. cosim_cube on a mismatch: exit 2 and the RTL's VCD written.
set -u
want="$1" file="$2"
shift 2
rm -f "$file"
"$@"
rc=$?
if [[ "$rc" != "$want" ]]; then
  echo "expect_exit: exit code $rc, expected $want" >&2
  exit 1
fi
if [[ ! -s "$file" ]]; then
  echo "expect_exit: $file was not written" >&2
  exit 1
fi
echo "expect_exit: exit code $rc and $file written, as expected"
