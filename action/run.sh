#!/usr/bin/env bash
# aibom pre-merge gate: the logic of action.yml, kept in a file so that the
# tests run it directly (action/action_test.go) with a simulated runner.
#
# It gets aibom (the `binary` input, else the build cached by action.yml's
# cache step, else a build from the action's own source), scans the head,
# obtains a base report (the `baseline` input, else a scan of the merge base
# with GITHUB_BASE_REF in a git worktree, else an empty report: a full
# audit), diffs the two, writes SARIF and the Markdown summary, annotates
# new findings and fails only on new findings at or above `fail-on`.
#
# On a pull request the head is judged by the base's rules: the merge base
# is checked out and passed as --base-tree, so .aibom.yaml and the policy
# and config files in the repository are read from there, and the pull
# request's edits to them are config-change findings.
#
# Inputs arrive as INPUT_* environment variables (action.yml maps them; they
# are never pasted into a script). Runner variables used: GITHUB_WORKSPACE,
# RUNNER_TEMP, GITHUB_ACTION_PATH, GITHUB_BASE_REF, GITHUB_EVENT_PATH,
# GITHUB_OUTPUT, GITHUB_STEP_SUMMARY. AIBOM_ACTION_BIN_DIR is where the
# build goes and is reused from (action/prepare.sh names it).
#
# Exit codes: 0 pass; 1 new findings at or above fail-on; 2 bad input or an
# unreadable report; 3 a scan failed.
set -euo pipefail

log() { printf 'aibom-action: %s\n' "$*" >&2; }

# Workflow-command message escaping (% CR LF), as the runner requires.
escape_data() {
	local s=$1
	s=${s//'%'/'%25'}
	s=${s//$'\r'/'%0D'}
	s=${s//$'\n'/'%0A'}
	printf '%s' "$s"
}

fail() {
	local code=$1
	shift
	printf '::error title=aibom action::%s\n' "$(escape_data "$*")"
	exit "$code"
}

: "${GITHUB_WORKSPACE:?GITHUB_WORKSPACE is not set (run inside GitHub Actions)}"
: "${RUNNER_TEMP:?RUNNER_TEMP is not set (run inside GitHub Actions)}"
action_dir=${GITHUB_ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}

scan_path=${INPUT_PATH:-.}
policy=${INPUT_POLICY:-}
config=${INPUT_CONFIG:-}
fail_on=${INPUT_FAIL_ON:-error}
formats=${INPUT_FORMAT:-}
offline=${INPUT_OFFLINE:-false}
baseline=${INPUT_BASELINE:-}

case $fail_on in
error | warning | note | none) ;;
*) fail 2 "input fail-on: \"$fail_on\" is not one of error, warning, note, none" ;;
esac
case $offline in
true | false) ;;
*) fail 2 "input offline: \"$offline\" is not true or false" ;;
esac
# path is relative to the repository and stays inside it.
case /$scan_path/ in
*/../* | //*) fail 2 "input path: \"$scan_path\" must be a relative path inside the repository" ;;
esac
scan_path=${scan_path%/}
scan_path=${scan_path#./}
[[ -n $scan_path ]] || scan_path=.
[[ -d $GITHUB_WORKSPACE/$scan_path ]] || fail 2 "input path: $scan_path is not a directory in the repository"

out_dir=$RUNNER_TEMP/aibom
mkdir -p "$out_dir"

# inside_allowed DIR: the deepest existing directory of DIR, with every
# symlink resolved, is inside $GITHUB_WORKSPACE or $RUNNER_TEMP (also
# resolved), and DIR has no .. component.
inside_allowed() {
	local d=$1 real ws tmp
	case /$d/ in */../*) return 1 ;; esac
	while [[ ! -d $d ]]; do
		[[ ! -e $d && ! -L $d ]] || return 1 # a file, or a dangling symlink
		d=$(dirname "$d")
	done
	real=$(cd "$d" && pwd -P) || return 1
	ws=$(cd "$GITHUB_WORKSPACE" && pwd -P) || return 1
	tmp=$(cd "$RUNNER_TEMP" && pwd -P) || return 1
	case $real/ in "$ws"/* | "$tmp"/*) return 0 ;; esac
	return 1
}

# format: extra outputs, FORMAT (into out_dir) or FORMAT=FILE (relative to
# the repository), separated by commas or spaces.
outputs=()
IFS=$', \t\n' read -r -a format_list <<<"$formats" || true
for f in ${format_list[@]+"${format_list[@]}"}; do
	[[ -n $f ]] || continue
	name=${f%%=*}
	[[ $name =~ ^[a-z0-9-]+$ ]] || fail 2 "input format: \"$f\" is not FORMAT or FORMAT=FILE"
	file=$out_dir/aibom.$name
	if [[ $f == *=* ]]; then
		file=${f#*=}
		[[ -n $file ]] || fail 2 "input format: \"$f\" names no file"
		[[ $file == /* ]] || file=$GITHUB_WORKSPACE/$file
		# The repository is the pull request's: a directory of the path
		# may be a symlink to anywhere. The file's directory must resolve
		# inside the workspace or the runner's temporary directory, before
		# anything is created and after.
		dir=$(dirname "$file")
		inside_allowed "$dir" || fail 2 "input format: \"$f\": $dir leads outside the workspace (through a symlink?); outputs are written only inside \$GITHUB_WORKSPACE or \$RUNNER_TEMP"
		mkdir -p "$dir"
		inside_allowed "$dir" || fail 2 "input format: \"$f\": $dir leads outside the workspace"
	fi
	outputs+=(-o "$name=$file")
done
report=$out_dir/aibom.json
sarif=$out_dir/aibom.sarif
base_report=$out_dir/base.json
diff_json=$out_dir/diff.json
summary=$out_dir/summary.md
annotations=$out_dir/annotations.txt

# 1. aibom: the binary input, else the cached build, else a build from the
# action's own source, so the version that runs is the one the workflow
# pinned.
if [[ -n ${INPUT_BINARY:-} ]]; then
	bin=$INPUT_BINARY
	if [[ $bin != */* ]]; then
		bin=$(command -v "$bin") || fail 2 "input binary: $INPUT_BINARY is not on PATH"
	fi
	[[ -x $bin ]] || fail 2 "input binary: $bin is not executable"
	log "using $bin ($("$bin" --version))"
else
	bin=${AIBOM_ACTION_BIN_DIR:-$out_dir/bin}/aibom
	if [[ -x $bin ]]; then
		log "using the cached build $bin"
	else
		command -v go >/dev/null || fail 2 "Go is not installed: add actions/setup-go before this action (see docs/github-action.md)"
		log "building aibom from $action_dir"
		(cd "$action_dir" && CGO_ENABLED=0 go build -trimpath -o "$bin" ./cmd/aibom) || fail 3 "building aibom failed"
	fi
fi

# Tokens reach only the aibom process, and only when it may use the network.
aibom_env=()
if [[ $offline == false ]]; then
	[[ -z ${INPUT_HF_TOKEN:-} ]] || aibom_env+=("HF_TOKEN=$INPUT_HF_TOKEN")
	[[ -z ${INPUT_GITHUB_TOKEN:-} ]] || aibom_env+=("GITHUB_TOKEN=$INPUT_GITHUB_TOKEN")
fi
# (The ${a[@]+…} form keeps bash 3.2, on macOS runners, quiet under set -u.)
aibom() { env ${aibom_env[@]+"${aibom_env[@]}"} "$bin" "$@"; }

scan_args=(--fail-on none --format json)
[[ $offline == false ]] || scan_args+=(--offline)

# repo_file NAME: NAME (an input) as a file of the repository, when it is
# one; policy and config name files relative to the repository root.
repo_file() {
	case /$1/ in
	*/../* | //*) return 1 ;;
	esac
	[[ -f $GITHUB_WORKSPACE/$1 || -n ${worktree:-} && -f $worktree/$1 ]]
}

# rule_args ROOT: the policy and config arguments for a scan of the
# checkout at ROOT. A preset is passed as it is.
rule_args() {
	local root=$1 f
	rules=()
	if [[ -n $policy ]]; then
		if repo_file "$policy"; then
			f=$root/$policy
			[[ -f $f ]] || f=$GITHUB_WORKSPACE/$policy # new in this pull request
			rules+=(--policy "$f")
		else
			rules+=(--policy "$policy")
		fi
	fi
	if [[ -n $config ]]; then
		repo_file "$config" || fail 2 "input config: \"$config\" is not a file in the repository"
		f=$root/$config
		[[ -f $f ]] || f=$GITHUB_WORKSPACE/$config
		rules+=(--config "$f")
	fi
}

# scan DIR OUT [extra args…]: scans DIR (from inside it, so report paths are
# relative to it) into OUT. Exit 0 and 1 are both a completed scan.
scan() {
	local dir=$1 out=$2 rc=0
	shift 2
	(cd "$dir" && aibom scan "${scan_args[@]}" -o "json=$out" "$@" . >/dev/null) || rc=$?
	case $rc in
	0 | 1) return 0 ;;
	2) fail 2 "aibom scan of $dir: usage or configuration error (exit 2)" ;;
	*) fail 3 "aibom scan of $dir failed (exit $rc)" ;;
	esac
}

# 2. The base report.
worktree=
cleanup() {
	if [[ -n $worktree ]]; then
		git -C "$GITHUB_WORKSPACE" worktree remove --force "$worktree" >/dev/null 2>&1 || true
	fi
}
trap cleanup EXIT

# plain keeps a name safe to print in Markdown: anything outside a
# conservative set of characters becomes _.
plain() { printf '%s' "${1//[^A-Za-z0-9._\/-]/_}"; }

empty_report() {
	printf '{"schema_version": 1, "models": [], "datasets": [], "findings": []}\n' >"$1"
}

# base_tip names the commit the pull request merges into: the base branch as
# fetched, else as a local branch, else the event's pull_request.base.sha.
base_tip() {
	local ref=$1 c
	for c in "refs/remotes/origin/$ref" "refs/heads/$ref"; do
		if git -C "$GITHUB_WORKSPACE" rev-parse --verify --quiet "$c^{commit}"; then
			return 0
		fi
	done
	if [[ -r ${GITHUB_EVENT_PATH:-} ]] && command -v jq >/dev/null; then
		c=$(jq -r '.pull_request.base.sha // empty' "$GITHUB_EVENT_PATH")
		if [[ $c =~ ^[0-9a-f]{40}$ ]] && git -C "$GITHUB_WORKSPACE" rev-parse --verify --quiet "$c^{commit}"; then
			return 0
		fi
	fi
	if git -C "$GITHUB_WORKSPACE" remote get-url origin >/dev/null 2>&1; then
		log "fetching $ref from origin"
		if git -C "$GITHUB_WORKSPACE" fetch --no-tags --quiet origin "+refs/heads/$ref:refs/remotes/origin/$ref" >&2; then
			git -C "$GITHUB_WORKSPACE" rev-parse --verify --quiet "refs/remotes/origin/$ref^{commit}" && return 0
		fi
	fi
	return 1
}

# base_worktree: checks out the merge base of HEAD and the base branch in a
# git worktree (the base's rules, and the base scan unless a baseline is
# given); sets worktree and merge_base.
base_worktree() {
	local tip
	tip=$(base_tip "$GITHUB_BASE_REF") || fail 2 "cannot find the base branch $GITHUB_BASE_REF: check it out with actions/checkout fetch-depth: 0"
	if ! merge_base=$(git -C "$GITHUB_WORKSPACE" merge-base "$tip" HEAD); then
		log "no merge base of HEAD and $GITHUB_BASE_REF (a shallow clone?); comparing with the branch tip"
		merge_base=$tip
	fi
	worktree=$RUNNER_TEMP/aibom-base
	rm -rf "$worktree"
	git -C "$GITHUB_WORKSPACE" worktree prune
	git -C "$GITHUB_WORKSPACE" worktree add --detach --quiet "$worktree" "$merge_base" >&2 ||
		fail 3 "cannot check out the merge base $merge_base"
}

if [[ -n ${GITHUB_BASE_REF:-} ]]; then
	base_worktree
fi
if [[ -n $baseline ]]; then
	[[ $baseline == /* ]] || baseline=$GITHUB_WORKSPACE/$baseline
	[[ -r $baseline ]] || fail 2 "input baseline: cannot read $baseline"
	cp "$baseline" "$base_report"
	base_desc="the report $(plain "$INPUT_BASELINE")"
elif [[ -n $worktree ]]; then
	if [[ -d $worktree/$scan_path ]]; then
		log "scanning the merge base ${merge_base:0:12} of $GITHUB_BASE_REF"
		# The base is judged by its own rules.
		rule_args "$worktree"
		scan "$worktree/$scan_path" "$base_report" ${rules[@]+"${rules[@]}"}
	else
		log "$scan_path does not exist at the merge base; every finding is new"
		empty_report "$base_report"
	fi
	base_desc="$(plain "$GITHUB_BASE_REF") (merge base ${merge_base:0:12})"
else
	log "no base branch and no baseline: full audit, every finding counts"
	empty_report "$base_report"
	base_desc="nothing (full audit)"
fi

# 3. The head, with every output the workflow asked for.
# With a base checkout the head is judged by the base's rules.
log "scanning $scan_path"
rule_args "$GITHUB_WORKSPACE"
head_args=(--baseline "$base_report" -o "sarif=$sarif")
if [[ -n $worktree ]]; then
	head_args+=(--base-tree "$worktree")
fi
scan "$GITHUB_WORKSPACE/$scan_path" "$report" "${head_args[@]}" ${rules[@]+"${rules[@]}"} ${outputs[@]+"${outputs[@]}"}
cleanup
worktree=

# 4. The diff decides: annotations for new findings, the summary, the gate.
rc=0
aibom diff --fail-on "$fail_on" --path-prefix "$scan_path" -f github \
	-o "markdown=$summary" -o "json=$diff_json" "$base_report" "$report" >"$annotations" || rc=$?
case $rc in
0 | 1) ;;
*) fail "$rc" "aibom diff failed (exit $rc)" ;;
esac
cat "$annotations"
# The count of new, unwaived findings is the diff's summary.new_findings:
# the only key at that depth of the indented JSON, on a line of its own.
new=$(sed -n 's/^    "new_findings": \([0-9][0-9]*\),$/\1/p' "$diff_json")
[[ $new =~ ^[0-9]+$ ]] || fail 3 "cannot read new_findings from $diff_json"

if [[ -n ${GITHUB_STEP_SUMMARY:-} ]]; then
	{
		cat "$summary"
		# shellcheck disable=SC2016 # the backticks are Markdown, not a command
		printf '\nCompared with %s. Gate: new findings at or above `%s`.\n' "$base_desc" "$fail_on"
	} >>"$GITHUB_STEP_SUMMARY"
fi
if [[ -n ${GITHUB_OUTPUT:-} ]]; then
	{
		printf 'new-findings=%s\n' "$new"
		printf 'report-path=%s\n' "$report"
		printf 'sarif-path=%s\n' "$sarif"
		printf 'diff-path=%s\n' "$diff_json"
		printf 'output-dir=%s\n' "$out_dir"
	} >>"$GITHUB_OUTPUT"
fi

if [[ $rc -eq 1 ]]; then
	log "$new new finding(s); failing on new findings at or above $fail_on"
	exit 1
fi
log "$new new finding(s); none at or above $fail_on"
