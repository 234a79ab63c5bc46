# Sourced (POSIX sh) by mvnw, ./bulkhead and .ci/run: exports JAVA_HOME for a JDK >= 21.
# Why: Bulkhead compiles for release 21 and the dev stack uses the JDK's AOT cache, but many
# machines still default to an older `java`. Order: $JAVA_HOME, `java` on PATH, then the usual
# install folders (newest first). Override the floor with BULKHEAD_MIN_JAVA.

bulkhead_java_feature() { # prints the feature release of the JDK home in $1, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

bulkhead_select_jdk() {
  _min="${BULKHEAD_MIN_JAVA:-21}"
  _seen=""
  for _home in "${JAVA_HOME:-}" \
      "$( _j=$(command -v javac 2>/dev/null) && [ -n "$_j" ] && dirname "$(dirname "$(readlink -f "$_j")")" )" \
      $(ls -d /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
              /Library/Java/JavaVirtualMachines/*/Contents/Home 2>/dev/null | sort -rV); do
    [ -n "$_home" ] || continue
    _v=$(bulkhead_java_feature "$_home")
    [ -n "$_v" ] || continue
    _seen="$_seen $_v($_home)"
    if [ "$_v" -ge "$_min" ]; then
      JAVA_HOME="$_home"; export JAVA_HOME
      return 0
    fi
  done
  echo "bulkhead: needs a JDK $_min or newer, found${_seen:- none}; install one (e.g. 'apt-get install openjdk-21-jdk-headless' or https://adoptium.net) or set JAVA_HOME to it." >&2
  return 1
}

case $- in *f*) _bulkhead_noglob=1; set +f ;; *) _bulkhead_noglob= ;; esac # mvnw runs with set -f
bulkhead_select_jdk || exit 1
[ -z "$_bulkhead_noglob" ] || set -f
