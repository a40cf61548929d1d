#!/usr/bin/env python3
"""Builds the 1,000-entry watchlists docs/accuracy-footage.md measures ytf-dev's clips against, the same way every time.

  python3 scripts/ytf-watchlist.py DATASETS_DIR OUT_DIR [--size 1000] [--lfr "dotnet path/to/lfr.dll"]

Writes to OUT_DIR:
  ytf-1000.yaml, ytf-1000.identities.json: the 22 people of ytf-dev/clips.csv with every photo in ytf-dev/photos, then
    other LFW people, one photo each (their first, in labels.csv order), until SIZE entries enrol;
  strangers-1000.yaml, strangers-1000.identities.json: SIZE other LFW people only (none of the 22), so every clip is a
    stranger's and every alert false.
Enrolment refuses a photo that shows more than one face; which ones it refuses is found by enrolling the candidates
once into a scratch store with `lfr watchlist enroll --json` (the default embedder: every model here finds the same
faces, as the detector decides), and refused candidates are passed over so that exactly SIZE entries enrol.
"""
import argparse, csv, json, os, shlex, subprocess, sys, tempfile

ENTRY = ("  - id: {id}\n    category: wanted-serious-offence\n    source: ytf-dev evaluation\n"
         "    authorised_by: Evaluation (#1)\n    approved_at: -P1D\n    expires_at: P1Y\n    images: [{images}]\n")


def manifest(name, entries):
    return f"name: {name}\nentries:\n" + "".join(
        ENTRY.format(id=i, images=", ".join(json.dumps(p) for p in photos)) for i, _, photos in entries)


def refused(lfr, datasets, name, entries):
    """The ids of entries enrolment refuses, found by enrolling them into a scratch store."""
    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "candidates.yaml")
        with open(path, "w") as f:
            f.write(manifest(name, entries))
        run = subprocess.run(lfr + ["watchlist", "enroll", "--manifest", path, "--images-root", datasets,
                                    "--db", os.path.join(scratch, "s.db"), "--json"], capture_output=True, text=True)
        if run.returncode != 0 or not run.stdout.strip():
            sys.exit(f"ytf-watchlist: enrolling the candidates failed (exit {run.returncode}): {run.stderr.strip()[-400:]}")
        return {e["id"] for e in json.loads(run.stdout)["entries"] if not e["enrolled"]}


def write(out, name, entries):
    with open(os.path.join(out, f"{name}.yaml"), "w") as f:
        f.write(manifest(name, entries))
    with open(os.path.join(out, f"{name}.identities.json"), "w") as f:
        json.dump({i: f"lfw:{person}" for i, person, _ in entries}, f, indent=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("datasets")
    ap.add_argument("out")
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--lfr", default=os.environ.get("LFR", "lfr"), help="how to run lfr (default: $LFR, else lfr)")
    a = ap.parse_args()
    lfr = shlex.split(a.lfr)
    os.makedirs(a.out, exist_ok=True)

    with open(os.path.join(a.datasets, "ytf-dev", "clips.csv")) as f:
        people = sorted({row["identity"].removeprefix("lfw:") for row in csv.DictReader(f) if row["identity"] != "none"})
    photos_dir = os.path.join(a.datasets, "ytf-dev", "photos")
    watchlisted = [(f"WL-{n + 1:04d}", p, [f"ytf-dev/photos/{p}/{x}" for x in sorted(os.listdir(os.path.join(photos_dir, p)))])
                   for n, p in enumerate(people) if os.path.isdir(os.path.join(photos_dir, p))]
    first_photo = {}
    with open(os.path.join(a.datasets, "lfw", "labels.csv")) as f:
        for row in csv.DictReader(f):
            first_photo.setdefault(row["identity"], "lfw/" + row["path"])
    others = [p for p in first_photo if p not in set(people)]

    def fill(name, start, fixed):
        """fixed entries, then other people from labels.csv's order until SIZE of them all enrol."""
        need = a.size - (len(fixed) - len(refused(lfr, a.datasets, name, fixed)) if fixed else 0)
        chosen, at = [], 0
        while need > 0 and at < len(others):
            batch = [(f"WL-{start + at + k:04d}", p, [first_photo[p]]) for k, p in enumerate(others[at:at + need + need // 4 + 8])]
            at += len(batch)
            bad = refused(lfr, a.datasets, name, batch)
            good = [e for e in batch if e[0] not in bad][:need]
            chosen += good
            need -= len(good)
        if need > 0:
            sys.exit(f"ytf-watchlist: LFW has too few other people for a watchlist of {a.size}")
        write(a.out, name, fixed + chosen)
        print(f"{name}: {len(fixed)} watchlisted people offered, {len(chosen)} others, in {a.out}", file=sys.stderr)

    fill("ytf-1000", len(watchlisted) + 1, watchlisted)
    fill("strangers-1000", 1, [])


if __name__ == "__main__":
    main()
