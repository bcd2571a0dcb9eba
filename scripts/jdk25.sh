# Sourced by the launcher, .ci/run and scripts/with-jdk25: sets JAVA_HOME to a JDK 25 or newer.
# Order: JAVA_HOME if it is 25+, then the Temurin JDK 25 this machine kind ships, then any JDK 25+
# under /usr/lib/jvm. Fails with a clear message if none is found.

rootgrad_java_major() { # prints the feature version of the JDK at $1, or nothing
    [ -x "$1/bin/java" ] || return 0
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

rootgrad_find_jdk() {
    local candidate major
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk* \
                     /usr/lib/jvm/*; do
        [ -n "$candidate" ] && [ -d "$candidate" ] || continue
        major=$(rootgrad_java_major "$candidate")
        if [ -n "$major" ] && [ "$major" -ge 25 ]; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    return 1
}

if ! JAVA_HOME=$(rootgrad_find_jdk); then
    echo "rootgrad: no JDK 25 found. Set JAVA_HOME to a JDK 25 or newer (this machine kind ships" \
         "Temurin's in /usr/lib/jvm/temurin-25-jdk-amd64)." >&2
    exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8's bundled Guava calls sun.misc.Unsafe, which JDK 25 warns about on every run.
case " ${MAVEN_OPTS:-} " in
    *sun-misc-unsafe-memory-access*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
esac
