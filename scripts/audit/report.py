"""Writes the audit report (REPORT.md and report.json) from verify's --report-json files.

Every failure is classified by the first rule of the classification file whose "runs" and "cases"
globs match it: a genuine accuracy weakness of the library, a documented convention difference (or
documented default), a refusal the library does not make by design, or a fixture defect. A rule
names the fixture flag for the bug class when one exists ("flag": null when no flag names it).
Everything is sorted; only the lines that start with "timing:" change from run to run.
"""
import argparse
import fnmatch
import glob
import json
import os

CLASSES = {
    "weakness": "genuine accuracy weakness of the library",
    "convention": "documented convention difference or documented default",
    "refusal-by-design": "a refusal the library does not make by design",
    "fixture-defect": "a fixture defect",
    "unclassified": "UNCLASSIFIED: no rule matches; read the evidence and add one",
}


def load_reports(folder):
    rows = []
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        library, rest = os.path.basename(path).split("--", 1)
        run = rest.split("--", 1)[0]
        with open(path, encoding="utf-8") as f:
            rows.append((library, run, json.load(f)))
    return rows


def classify(rules, library, run, case_id):
    for rule in rules:
        if any(fnmatch.fnmatchcase(library + "/" + run, g) for g in rule["runs"]) and \
                any(fnmatch.fnmatchcase(case_id, g) for g in rule["cases"]):
            return rule
    return {"class": "unclassified", "evidence": "", "flag": None, "finding": None}


def short(x):
    return "—" if x is None else "%.3g" % float(x)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", required=True)
    parser.add_argument("--timings", required=True)
    parser.add_argument("--skipped", help="a file of adapters not run, one line each")
    parser.add_argument("--classification", required=True)
    parser.add_argument("--markdown", required=True)
    parser.add_argument("--json", required=True)
    args = parser.parse_args()
    with open(args.classification, encoding="utf-8") as f:
        rules = json.load(f)["rules"]
    table, failures = [], []
    for library, run, report in load_reports(args.reports):
        cases = report["cases"]
        failed = [c for c in cases if c["status"] == "FAIL"]
        worst = [c for c in failed if c.get("worst") is not None]
        worst_case = max(worst, key=lambda c: float(c["worst"])) if worst else None
        table.append({
            "library": library, "run": run, "implementation": report["implementation"],
            "precision": report["precision"], "file": "%s/%s" % (report["family"], report["variant"]),
            "cases": len(cases), "passed": report["passed"], "failed": report["failed"],
            "notAttempted": report["notAttempted"] + report["missing"],
            "notCheckedAtFloat32": report["notCheckedAtFloat32"], "outOfScope": report["outOfScope"],
            "outputsChecked": report["outputsChecked"], "outputsExpected": report["outputsExpected"],
            "worstFailure": None if worst_case is None else {
                "case": worst_case["id"], "worst": worst_case["worst"], "measure": worst_case["measure"]},
        })
        for c in failed:
            rule = classify(rules, library, run, c["id"])
            failures.append({
                "library": library, "run": run, "case": c["id"], "flags": sorted(c["flags"]),
                "detail": c["detail"], "mismatch": c.get("mismatch"),
                "outputs": sorted(o["name"] for o in c.get("outputs", []) if o["status"] == "FAIL"),
                "class": rule["class"], "evidence": rule["evidence"], "flag": rule.get("flag"),
                "flagOnCase": rule.get("flag") in c["flags"], "finding": rule.get("finding"),
            })
    table.sort(key=lambda r: (r["library"], r["run"], r["file"]))
    failures.sort(key=lambda r: (r["library"], r["run"], r["case"]))
    unflagged = sorted({(f["library"], f["case"], f["flag"] or "")
                        for f in failures if not f["flagOnCase"]})
    document = {"schema": "latent-oracle-library-audit", "table": table, "failures": failures,
                "failuresNoFlagNames": [{"library": l, "case": c, "ruleFlag": fl or None} for l, c, fl in unflagged]}
    lines = ["# Library audit", "",
             "Written by `scripts/audit/run` from `latent-oracle verify --report-json` of every results file the",
             "adapters in `scripts/audit/adapters/` write. Cases a library has no function for are out of scope (each",
             "adapter's docstring says which groups it computes and how it translates conventions). Only lines",
             "starting with `timing:` change between runs.", "",
             "| library | run | fixture file | precision | in scope | passed | failed | not attempted | "
             "not checked at float32 | out of scope | outputs checked | worst failure |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in table:
        w = r["worstFailure"]
        lines.append("| %s | %s | %s | %s | %d | %d | %d | %d | %d | %d | %d/%d | %s |" % (
            r["library"], r["run"], r["file"], r["precision"], r["cases"], r["passed"], r["failed"],
            r["notAttempted"], r["notCheckedAtFloat32"], r["outOfScope"], r["outputsChecked"], r["outputsExpected"],
            "—" if w is None else "%s %s (`%s`)" % (short(w["worst"]), w["measure"], w["case"].rsplit("/", 1)[1])))
    skipped = []
    if args.skipped and os.path.exists(args.skipped):
        with open(args.skipped, encoding="utf-8") as f:
            skipped = sorted(line for line in f.read().splitlines() if line)
    lines += ["", "Adapters not run: " + ("; ".join(skipped) if skipped else "none") + "."]
    document["skipped"] = skipped
    lines += ["", "Implementations:", ""]
    lines += sorted({"- `%s`: %s" % (r["library"] + "/" + r["run"], r["implementation"]) for r in table})
    lines += ["", "## Failures", "", "Classes: " + "; ".join("**%s** = %s" % kv for kv in sorted(CLASSES.items())), ""]
    for f in failures:
        lines.append("- `%s/%s` **%s** `%s` [%s]: %s. Flags on the case: %s. Cause (%s): %s" % (
            f["library"], f["run"], f["class"], f["case"], ", ".join(f["outputs"]) or "error",
            f["detail"], ", ".join(f["flags"]) or "none", f["flag"] or "no fixture flag", f["evidence"]))
    lines += ["", "## Failures whose cause no flag on the case names", ""]
    lines += ["- %s `%s`: %s" % (l, c, ("the flag `%s` is not on the case" % fl) if fl else "no flag names it")
              for l, c, fl in unflagged] or ["none"]
    lines += ["", "## Timings", ""]
    with open(args.timings, encoding="utf-8") as f:
        lines += ["timing: adapter %s %s s" % tuple(line.split()) for line in sorted(f.read().splitlines())]
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump(document, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")
    with open(args.markdown, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    unclassified = sum(1 for f in failures if f["class"] == "unclassified")
    print("audit: %d runs, %d failures (%d unclassified) -> %s"
          % (len(table), len(failures), unclassified, args.markdown))


if __name__ == "__main__":
    main()
