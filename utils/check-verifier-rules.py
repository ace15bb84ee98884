#!/usr/bin/env python3
"""Checks the verifier discipline of a dialect: every rule label that the
verifier sources define (a comment `// name_cN: ...`) has a negative test in
the invalid test file (a comment mentioning the label) and an entry in the
rules document, and neither names a rule the sources lack.

usage: check-verifier-rules.py --sources A.cpp B.td --tests invalid.mlir --doc rules.md
"""
import argparse
import re
import sys

DEFINITION = re.compile(r"//\s*([a-z][a-z0-9_]*_c\d+):")
MENTION = re.compile(r"\b([a-z][a-z0-9_]*_c\d+)\b")


def labels(paths, pattern):
    found = set()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            found.update(pattern.findall(f.read()))
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", nargs="+", required=True)
    parser.add_argument("--tests", nargs="+", required=True)
    parser.add_argument("--doc", required=True)
    args = parser.parse_args()

    defined = labels(args.sources, DEFINITION)
    tested = labels(args.tests, MENTION)
    documented = labels([args.doc], MENTION)
    problems = []
    for rule in sorted(defined - tested):
        problems.append(f"rule {rule} has no case in {' '.join(args.tests)}")
    for rule in sorted(defined - documented):
        problems.append(f"rule {rule} is not listed in {args.doc}")
    for rule in sorted((tested | documented) - defined):
        problems.append(f"rule {rule} is mentioned but no verifier defines it")
    if not defined:
        problems.append("no rule labels found in the sources")
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    print(f"{len(defined)} rules, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
