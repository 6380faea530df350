#!/usr/bin/env bash
# Checks a running `./run --demo` through the public HTTP API: every fact the ED board and the analysts' dashboard
# should show once the simulator's history is in. Prints each fact with its count and PASS or FAIL; exits 0 when all
# pass, 1 otherwise (2: the API could not be reached).
#
#   simulator/demo-check.sh                          the demo on the standard ports (http://localhost:8080)
#   simulator/demo-check.sh http://localhost:8380    another --ports-offset (here 300)
#   simulator/demo-check.sh --wait 600 [URL]         check again every 10 s until all pass or 600 s have passed
#
# Tokens come from the local profile's POST /dev/tokens (README, "Demo users"): ED_STAFF of each site for its board,
# ANALYST of PHS for the reports. Needs curl and jq. Not part of the build: it reads what a live demo shows.
set -euo pipefail

wait_seconds=0
api=http://localhost:8080
while [[ $# -gt 0 ]]; do
  case "$1" in
    --wait) wait_seconds="$2"; shift 2 ;;
    -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
    *) api="${1%/}"; shift ;;
  esac
done
for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "demo-check: $tool is needed" >&2; exit 2; }
done

token() { # subject role org
  curl -sf "$api/dev/tokens" -H 'Content-Type: application/json' \
    -d "{\"subject\":\"$1\",\"role\":\"$2\",\"org\":\"$3\"}" | jq -r .token
}

get() { # path token
  curl -sf "$api$1" -H "Authorization: Bearer $2"
}

# The time of a case's last event, as the board computes it (board.js lastEventAt), in epoch seconds.
LAST_EVENT='def t: if . == null then empty else sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601 end;
  [(.points // {} | [.removedAt, .preAlertedAt, .arrivedAt, .acknowledgedAt, .handoverStartedAt, .handedOverAt,
      .clearedAt, .outcomeAt, .assessmentStartedAt][] | t),
   (.delayReasons[]?.at | t), (.officerChanges[]?.at | t), (.dispositions[]?.occurredAt | t),
   (.retained[]? | .from, .to | t), (.corrections[]?.recordedAt | t), (.fieldCorrections[]?.recordedAt | t),
   (.divisionTransfers[]?.at | t), (.legalClock.extendedAt? | t)] | max // (.openedAt | t)'

check() {
  local failed=0 now sites analyst open closed from to
  if ! sites=$(curl -sf "$api/api/v1/sites"); then
    echo "demo-check: cannot reach $api/api/v1/sites (is ./run --demo running? pass its URL)" >&2
    return 2
  fi
  now=$(date -u +%s)
  open='[]'
  closed='[]'
  local code type ed
  while read -r code type; do
    ed=$(token "demo-check-$code" ED_STAFF "$code")
    open=$(jq -s --arg type "$type" '.[0] + [.[1].cases[] | . + {siteType: $type}]' \
      <(echo "$open") <(get "/api/v1/handovers?siteCode=$code&open=true&limit=1000" "$ed"))
    closed=$(jq -s --arg type "$type" '.[0] + [.[1].cases[] | . + {siteType: $type}]' \
      <(echo "$closed") <(get "/api/v1/handovers?siteCode=$code&open=false&limit=1000" "$ed"))
  done < <(echo "$sites" | jq -r '.sites[] | "\(.code) \(.type)"')

  fact() { # label count
    if [[ "$2" -gt 0 ]]; then
      printf 'PASS  %-58s %6s\n' "$1" "$2"
    else
      printf 'FAIL  %-58s %6s\n' "$1" "$2"
      failed=1
    fi
  }
  count() { # jq filter over a list of cases
    jq "[.[] | select($1)] | length" <<<"$2"
  }

  echo "Board ($api/board): open cases at the sites' boards, and closed ones"
  fact "board: open cases" "$(jq length <<<"$open")"
  fact "board: pre-alerts with an ETA (open, PRE_ALERTED)" \
    "$(count '.state == "PRE_ALERTED" and .points.eta != null' "$open")"
  fact "board: legal-clock deadlines (open)" "$(count '.legalClock.deadline != null' "$open")"
  fact "board: assessment started (open)" "$(count '.points.assessmentStartedAt != null' "$open")"
  fact "board: delay reasons (open)" "$(count '(.delayReasons | length) > 0' "$open")"
  fact "board: officer count changes (open)" "$(count '(.officerChanges | length) > 0' "$open")"
  fact "board: dispositions (open or closed)" "$(count '.disposition != null' "$(jq -s 'add' <<<"$open $closed")")"
  fact "board: absconded (closed)" "$(count '.state == "ABSCONDED"' "$closed")"
  fact "board: needs closing (open, no event for 24 h)" \
    "$(jq --argjson now "$now" "[.[] | select(($now - ($LAST_EVENT)) > 86400)] | length" <<<"$open")"
  fact "board: closed as not recorded (closed, NOT_RECORDED)" "$(count '.state == "NOT_RECORDED"' "$closed")"
  local t
  for t in $(echo "$sites" | jq -r '[.sites[].type] | unique | .[]'); do
    fact "board: a $t site with cases (open or closed)" \
      "$(count ".siteType == \"$t\"" "$(jq -s 'add' <<<"$open $closed")")"
  done

  analyst=$(token analyst-1 ANALYST PHS)
  from=$(date -u -d '-35 days' +%F)
  to=$(date -u -d '+1 day' +%F)
  local report sum
  report=$(get "/api/v1/reports/handover-times?from=$from&to=$to&groupBy=site" "$analyst")
  sum() { # jq path of a number in each group, or of an object whose values are summed
    jq "[.groups[] | $1 | if type == \"object\" then ([.[]] | add) else . end] | add // 0" <<<"$report"
  }
  echo "Dashboard report (/api/v1/reports/handover-times?from=$from&to=$to), summed over sites"
  fact "report: cases" "$(sum .cases)"
  fact "report: dispositions" "$(sum .dispositions)"
  fact "report: delayReasons" "$(sum .delayReasons)"
  fact "report: over4h" "$(sum .over4h)"
  fact "report: over8h" "$(sum .over8h)"
  fact "report: over12h" "$(sum .over12h)"
  fact "report: escalations (levels 1-3)" "$(sum .escalations)"
  fact "report: legalClockBreaches" "$(sum .legalClockBreaches)"
  fact "report: repeatAttendances30d" "$(sum .repeatAttendances30d)"
  fact "report: avoidedByReferralAtScene (referred at scene)" "$(sum .avoidedByReferralAtScene)"
  fact "report: closedNotRecorded" "$(sum .closedNotRecorded)"
  local by groups
  for by in board siteType legalBasis weekday,hour; do
    groups=$(get "/api/v1/reports/handover-times?from=$from&to=$to&groupBy=$by" "$analyst" \
      | jq '[.groups[] | select(.cases > 0)] | length')
    fact "report: groupBy=$by (groups with cases)" "$groups"
  done
  return $failed
}

started=$(date +%s)
while true; do
  status=0
  check || status=$?
  if [[ $status -eq 0 ]]; then
    echo "All facts PASS ($(($(date +%s) - started)) s after the check started)."
    exit 0
  fi
  if [[ $(($(date +%s) - started)) -ge $wait_seconds ]]; then
    [[ $status -eq 2 ]] && exit 2
    echo "Some facts FAIL."
    exit 1
  fi
  sleep 10
  echo
done
