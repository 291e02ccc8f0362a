# Shared set-up for scripts/dsbox, scripts/test and scripts/bench (sourced, not run).
# Installs what a fresh machine lacks: libedit-dev, for the line-editing prompt.

dsbox_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

ensure_libedit() {
    if [ -f /usr/include/histedit.h ] || pkg-config --exists libedit 2>/dev/null; then
        return 0
    fi
    echo "dsbox set-up: installing libedit-dev" >&2
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libedit-dev >&2
}

ensure_swift() {
    if ! command -v swift >/dev/null 2>&1; then
        if [ -x /opt/swift/usr/bin/swift ]; then
            export PATH="/opt/swift/usr/bin:$PATH"
        else
            echo "dsbox set-up: Swift 6 is needed (https://swift.org/install)" >&2
            exit 2
        fi
    fi
}
