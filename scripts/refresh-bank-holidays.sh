#!/usr/bin/env bash
# Brings the bundled England-and-Wales bank-holiday table up to date from the UK Government's published list.
#
#   bash scripts/refresh-bank-holidays.sh [SOURCE] [TABLE]
#
# SOURCE  gov.uk's JSON file, as a URL or a file already downloaded (default https://www.gov.uk/bank-holidays.json)
# TABLE   the table to update (default src/LfrAudit.Governance/Calendar/bank-holidays-england-and-wales.json)
#
# Every year gov.uk lists replaces that year in the table (new years are added, changed dates corrected, one-off
# holidays such as a coronation arrive with their year); years gov.uk no longer lists are kept. The years must stay
# one unbroken run, and 'as_of' becomes today. It prints what changed, one line a year, and changes nothing when
# the source is not gov.uk's format (exit 3) or cannot be fetched (exit 6). Rebuild afterwards: the table is
# embedded in LfrAudit.Governance. Deadlines in a year the table does not cover count weekdays only (provisional).
set -euo pipefail
cd "$(dirname "$0")/.."
source_arg="${1:-https://www.gov.uk/bank-holidays.json}"
table="${2:-src/LfrAudit.Governance/Calendar/bank-holidays-england-and-wales.json}"
command -v python3 >/dev/null 2>&1 || { echo "error: python3 is needed to read the JSON (apt-get install python3)" >&2; exit 1; }

downloaded=""
trap '[ -n "$downloaded" ] && rm -f "$downloaded"' EXIT
case "$source_arg" in
  http://*|https://*)
    downloaded=$(mktemp)
    if ! curl -fsSL --max-time 30 -o "$downloaded" "$source_arg"; then
      echo "error: $source_arg: could not be fetched; download it by hand and pass the file" >&2
      exit 6
    fi
    source_file="$downloaded" ;;
  *) source_file="$source_arg" ;;
esac

python3 - "$source_file" "$table" "$source_arg" <<'PY'
import datetime, json, os, re, sys, tempfile

source_file, table_file, shown = sys.argv[1], sys.argv[2], sys.argv[3]

def refuse(message, code=3):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(code)

try:
    with open(source_file, encoding="utf-8") as f:
        source = json.load(f)
except (OSError, ValueError) as e:
    refuse(f"{shown}: not readable JSON ({e.__class__.__name__})")
events = (source.get("england-and-wales") or {}).get("events") if isinstance(source, dict) else None
if not isinstance(events, list) or not events:
    refuse(f"{shown}: not gov.uk's bank-holiday format (no 'england-and-wales' events)")

listed = {}
for e in events:
    date = e.get("date") if isinstance(e, dict) else None
    if not isinstance(date, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        refuse(f"{shown}: an event without a date of the form YYYY-MM-DD: {json.dumps(e)[:80]}")
    try:
        day = datetime.date.fromisoformat(date)
    except ValueError:
        refuse(f"{shown}: '{date}' is not a date")
    if day.weekday() >= 5:
        refuse(f"{shown}: {date} is a weekend day; gov.uk lists the day off (the substitute), not the day itself")
    listed.setdefault(day.year, set()).add(date)

with open(table_file, encoding="utf-8") as f:
    table = json.load(f)
dates = {int(y): set(d) for y, d in table["dates"].items()}
changes = []
for year in sorted(listed):
    old, new = dates.get(year), listed[year]
    if old is None:
        changes.append(f"{year}: added ({len(new)} days)")
    elif old != new:
        gone, came = sorted(old - new), sorted(new - old)
        changes.append(f"{year}: changed (" + ", ".join(filter(None, ["removed " + " ".join(gone) if gone else "", "added " + " ".join(came) if came else ""])) + ")")
    dates[year] = new

years = sorted(dates)
if years != list(range(years[0], years[-1] + 1)):
    missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
    refuse(f"the table would have a gap: no dates for {', '.join(map(str, missing))}")

today = datetime.date.today().isoformat()
comment = table.get("$comment", "")
comment = re.sub(r"as known on \d{4}-\d{2}-\d{2}", f"as known on {today}", comment)
lines = ",\n".join(f'    "{y}": [' + ", ".join(f'"{d}"' for d in sorted(dates[y])) + "]" for y in years)
text = ("{\n"
        f'  "$comment": {json.dumps(comment)},\n'
        f'  "as_of": "{today}",\n'
        f'  "covers": [{years[0]}, {years[-1]}],\n'
        '  "dates": {\n' + lines + "\n  }\n}\n")
# Written beside the table and moved over it, so a failure leaves the old table whole.
fd, temp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(table_file)), prefix=".bank-holidays-")
with os.fdopen(fd, "w", encoding="utf-8") as f:
    f.write(text)
os.chmod(temp, 0o644)
os.replace(temp, table_file)
for c in changes:
    print(c)
print(f"{table_file}: covers {years[0]}-{years[-1]}, as of {today}" + ("" if changes else " (no dates changed)"))
PY
