#!/usr/bin/env bash
# The steps of the trailercheck GitHub Action (action.yml), one per subcommand:
#
#   github-action.sh install   put the tool in a venv under $RUNNER_TEMP (or take the one on PATH)
#   github-action.sh history   work out the range to check from the event, fetch the history it needs
#   github-action.sh check     run `trailercheck check`: annotations, step summary, SARIF, outputs
#
# Each reads its inputs from TC_* variables (action.yml maps the action's inputs and the earlier
# steps' outputs to them through `env:`) and the GITHUB_* / RUNNER_* variables of the runner, and
# writes its results to $GITHUB_OUTPUT. It can be run by hand with those variables set.
set -euo pipefail

REMOTE=origin
# How many commits the first fetch of a side of the range takes, and the most deepening rounds
# (each doubles the depth: 64, 128, ... about 260000 commits in all) before the clone is unshallowed.
FIRST_DEPTH=64
ROUNDS=12

# A workflow command (notice, warning, error) with MESSAGE escaped as the runner reads it.
workflow_command() {
    local kind=$1 text=${*:2}
    text=${text//%/%25}
    text=${text//$'\r'/%0D}
    text=${text//$'\n'/%0A}
    printf '::%s title=trailercheck::%s\n' "$kind" "$text" >&3
}
notice() { workflow_command notice "$@"; }
warning() { workflow_command warning "$@"; }
error() { workflow_command error "$@"; }
output() { printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"; }

# A value of the event's JSON, by a dotted path ("pull_request.base.sha"), or empty.
event() {
    [ -n "${GITHUB_EVENT_PATH:-}" ] && [ -f "$GITHUB_EVENT_PATH" ] || return 0
    "$PYTHON" - "$GITHUB_EVENT_PATH" "$1" <<'EOF'
import json, sys
value = json.load(open(sys.argv[1], encoding="utf-8"))
for key in sys.argv[2].split("."):
    value = value.get(key) if isinstance(value, dict) else None
if isinstance(value, (str, int)) and not isinstance(value, bool):
    print(value)
EOF
}

is_sha() { [[ "$1" =~ ^[0-9a-f]{40}([0-9a-f]{24})?$ ]] && [[ ! "$1" =~ ^0+$ ]]; }
have_commit() { git cat-file -e "$1^{commit}" 2>/dev/null; }
shallow() { [ "$(git rev-parse --is-shallow-repository)" = true ]; }

# git with the job's token for the fetches, when the checkout kept no credentials
# (actions/checkout with persist-credentials: false). The header lives only in this
# process's environment, never in the repository's configuration.
authorize() {
    local url server="${GITHUB_SERVER_URL:-https://github.com}"
    [ -n "${TC_TOKEN:-}" ] || return 0
    url=$(git remote get-url "$REMOTE" 2>/dev/null) || return 0
    case "$url" in "$server"/*) ;; *) return 0 ;; esac
    if git config --get-regexp '^http\..*extraheader$' >/dev/null 2>&1; then
        return 0
    fi
    local basic
    basic=$(printf 'x-access-token:%s' "$TC_TOKEN" | base64 | tr -d '\n')
    echo "::add-mask::$basic"
    export GIT_CONFIG_COUNT=1
    export GIT_CONFIG_KEY_0="http.$server/.extraheader"
    export GIT_CONFIG_VALUE_0="AUTHORIZATION: basic $basic"
}

fetch() { git -c protocol.version=2 fetch --quiet --no-tags --no-recurse-submodules --filter=blob:none "$REMOTE" "$@"; }

# Fetch the commits named, DEPTH commits deep in a shallow clone (a full clone stays full).
fetch_commits() {
    local depth=$1
    shift
    if shallow; then
        fetch --depth="$depth" "$@"
    else
        fetch "$@"
    fi
}

# Fetch the commits BASE and HEAD and deepen the clone until their merge base is in it.
# Fails when there is none (unrelated histories) or it cannot be fetched.
deepen_to_merge_base() {
    local base=$1 tip=$2 depth=$FIRST_DEPTH round=0
    if ! { have_commit "$base" && have_commit "$tip"; }; then
        fetch_commits "$depth" "$base" "$tip" || return 1
    fi
    while ! git merge-base "$base" "$tip" >/dev/null 2>&1; do
        if ! shallow; then
            return 1
        fi
        round=$((round + 1))
        if [ "$round" -gt "$ROUNDS" ]; then
            fetch --unshallow "$base" "$tip" || return 1
        else
            fetch --deepen="$depth" "$base" "$tip" || return 1
            depth=$((depth * 2))
        fi
    done
}

# The remote branch REF (a branch name, or refs/...) as refs/remotes/origin/<name>, fetched blobless
# with its whole history; prints the local ref name, or fails.
fetch_ref() {
    local ref=$1 name
    name=${ref#refs/heads/}
    name=${name#"$REMOTE"/}
    # A branch name and nothing else: no option, no refspec, no pattern.
    case "$name" in -*) return 1 ;; esac
    git check-ref-format "refs/heads/$name" || return 1
    fetch "+refs/heads/$name:refs/remotes/$REMOTE/$name" >&2 || return 1
    printf 'refs/remotes/%s/%s\n' "$REMOTE" "$name"
}

cmd_install() {
    local tool venv
    if [ "${TC_INSTALL:-true}" = false ]; then
        tool=$(command -v trailercheck) || {
            error "install is false but there is no trailercheck on PATH"
            exit 2
        }
    else
        venv="$RUNNER_TEMP/trailercheck-venv"
        "${TC_PYTHON:-python3}" -m venv "$venv"
        # A pull request's few commits are checked faster than the compiled core is built.
        TRAILERCHECK_COMPILE=0 "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
            "$GITHUB_ACTION_PATH"
        tool="$venv/bin/trailercheck"
    fi
    "$tool" --version >/dev/null 2>&1 || "$tool" --help >/dev/null
    output tool "$tool"
}

# The revisions of the event's range, printed on one line ("BASE..TIP ^MERGE-BASE"); nothing for an
# event that names none.
# Fetches what it needs. Fails (exit 2) when the event's range cannot be told.
event_range() {
    local base="" tip="" what="" name local_ref
    case "${GITHUB_EVENT_NAME:-}" in
        pull_request | pull_request_target | pull_request_review | pull_request_review_comment)
            base=$(event pull_request.base.sha)
            tip=$(event pull_request.head.sha)
            what="pull request #$(event pull_request.number)"
            ;;
        merge_group)
            base=$(event merge_group.base_sha)
            tip=$(event merge_group.head_sha)
            what="merge group"
            ;;
        push)
            base=$(event before)
            tip=$(event after)
            what="push"
            if is_sha "$tip" && ! { is_sha "$base" && { have_commit "$base" || fetch_commits 1 "$base"; }; }; then
                # A new branch (before is all zeros), or a force-push whose old tip is gone:
                # the commits that are not on the default branch.
                name=$(event repository.default_branch)
                base=""
                if [ -n "$name" ] && local_ref=$(fetch_ref "$name"); then
                    base=$(git rev-parse --verify "$local_ref^{commit}")
                fi
                if [ -z "$base" ]; then
                    notice "a new branch and no default branch to compare it with: only its last commit is checked"
                    printf '%s^!\n' "$tip"
                    return 0
                fi
                what="new branch, compared with $name,"
            fi
            ;;
    esac
    if [ -z "$base" ] && [ -z "$tip" ]; then
        notice "the ${GITHUB_EVENT_NAME:-unknown} event names no range: the tool's default range is checked"
        return 0
    fi
    if ! is_sha "$base" || ! is_sha "$tip"; then
        error "the range of the ${GITHUB_EVENT_NAME:-} event is not a pair of commit ids: '$base' '$tip'"
        exit 2
    fi
    if ! deepen_to_merge_base "$base" "$tip"; then
        error "the merge base of $base and $tip could not be fetched from $REMOTE:" \
            "the commits of the $what cannot be told"
        exit 2
    fi
    # In a shallow clone the history of each side ends somewhere: below the merge base, the
    # head's side may reach deeper than the base's. Excluding the merge bases keeps the
    # range to the commits of the change, whatever depth each side was fetched to.
    local bases
    bases=$(git merge-base --all "$base" "$tip" | sed 's/^/^/' | tr '\n' ' ')
    echo "$what: $base..$tip, merge base ${bases//^/}" >&2
    printf '%s..%s %s\n' "$base" "$tip" "${bases% }"
}

cmd_history() {
    local range
    cd "${TC_PATH:-.}"
    authorize
    if [ "${GITHUB_EVENT_NAME:-}" = push ] && ! is_sha "$(event after)"; then
        notice "the push deleted a branch: nothing to check"
        output skip true
        return 0
    fi
    range=$(event_range)
    output range "$range"
    resolve_xref baseline "${TC_BASELINE:-}"
    resolve_xref upstream "${TC_UPSTREAM:-}"
}

# Fetch the ref of an X-rule input and output its local name, or say plainly why it is not used.
resolve_xref() {
    local input=$1 ref=$2 local_ref
    [ -n "$ref" ] || return 0
    if local_ref=$(fetch_ref "$ref"); then
        output "$input" "$local_ref"
    else
        warning "$input '$ref' could not be fetched from $REMOTE: the checks against it are not run"
    fi
}

# The absolute form of PATH (which need not exist).
absolute() { "$PYTHON" -c 'import os, sys; print(os.path.abspath(sys.argv[1]))' "$1"; }

cmd_check() {
    local status report stderr sarif="" args=() arg line
    if [ "${TC_SKIP:-}" = true ]; then
        output errors 0
        output sarif ""
        return 0
    fi
    report="$RUNNER_TEMP/trailercheck-report.json"
    stderr="$RUNNER_TEMP/trailercheck-stderr.txt"
    rm -f -- "$report"
    args=(check --format github --report "json=$report")
    if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
        args+=(--report "markdown=$GITHUB_STEP_SUMMARY")
    fi
    if [ -n "${TC_SARIF:-}" ]; then
        sarif=$(absolute "$TC_SARIF")
        mkdir -p -- "$(dirname -- "$sarif")"
        args+=(--report "sarif=$sarif")
    fi
    [ -z "${TC_PROFILE:-}" ] || args+=(--profile "$TC_PROFILE")
    [ -z "${TC_BASELINE_REF:-}" ] || args+=(--baseline "$TC_BASELINE_REF")
    [ -z "${TC_UPSTREAM_REF:-}" ] || args+=(--upstream "$TC_UPSTREAM_REF")
    if [ -n "${TC_ARGS:-}" ]; then
        # Split as a shell would, without running anything in it.
        while IFS= read -r -d '' arg; do
            args+=("$arg")
        done < <("$PYTHON" -c 'import shlex, sys
sys.stdout.write("".join(a + "\0" for a in shlex.split(sys.argv[1])))' "$TC_ARGS")
    fi
    if [ -n "${TC_RANGE:-}" ]; then
        local revisions
        read -r -a revisions <<<"$TC_RANGE"
        args+=(-- "${revisions[@]}")
    fi
    cd "${TC_PATH:-.}"
    authorize
    set +e
    "$TC_TOOL" "${args[@]}" 2>"$stderr"
    status=$?
    set -e
    cat -- "$stderr" >&2
    if [ "$status" -ge 2 ] || [ ! -s "$report" ]; then
        error "trailercheck could not check the commits (exit status $status): $(tail -n 1 -- "$stderr")"
        exit 2
    fi
    # What the tool could not decide (a shallow history, an index it could not use) is said on
    # standard error; it is shown beside the findings.
    while IFS= read -r line; do
        [ -z "$line" ] || notice "$line"
    done <"$stderr"
    output errors "$("$PYTHON" -c 'import json, sys
print(json.load(open(sys.argv[1], encoding="utf-8"))["summary"]["errors"])' "$report")"
    output sarif "$sarif"
    exit "$status"
}

PYTHON=$(command -v python3 || command -v python)
# Workflow commands go to the step's standard output even from functions whose output is captured.
exec 3>&1
case "${1:-}" in
    install) cmd_install ;;
    history) cmd_history ;;
    check) cmd_check ;;
    *)
        echo "usage: $0 install|history|check" >&2
        exit 2
        ;;
esac
