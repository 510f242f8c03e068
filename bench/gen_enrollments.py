"""Generate a synthetic OneRoster 1.1 enrollments.csv of any size (for the open/export benchmark).

    python bench/gen_enrollments.py OUT.csv [ROWS] [--quoted]

The data look like a district export: unique sourcedIds, a few thousand classes, a few hundred
thousand users, a handful of schools, mostly students, CRLF line endings. ``--quoted`` quotes every
field, as some SIS exports do, which sends the reader down its exact (slower) path.
"""

from __future__ import annotations

import random
import sys


def generate(rows: int, *, quoted: bool = False, seed: int = 1) -> bytes:
    """The file's bytes: header plus ``rows`` enrollment records."""
    rnd = random.Random(seed)
    header = "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate"
    schools = [f"s{k:04d}" for k in range(40)]
    out = [header]
    roles = ("student",) * 28 + ("teacher", "aide")
    for i in range(rows):
        cls = rnd.randrange(60_000)
        role = roles[rnd.randrange(len(roles))]
        user = rnd.randrange(150_000) if role == "student" else 150_000 + rnd.randrange(6_000)
        primary = "true" if role == "teacher" else "false"
        fields = (
            f"e{i:08d}",
            "active",
            "",  # dateLastModified: optional in bulk files, and usually empty
            f"c{cls:06d}",
            schools[cls % len(schools)],
            f"u{user:06d}",
            role,
            primary,
            "2024-08-15",
            "2025-06-05",
        )
        out.append(",".join(f'"{f}"' for f in fields) if quoted else ",".join(fields))
    return ("\r\n".join(out) + "\r\n").encode("utf-8")


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    out = args[0]
    rows = int(args[1]) if len(args) > 1 else 1_000_000
    data = generate(rows, quoted="--quoted" in argv)
    with open(out, "wb") as fh:
        fh.write(data)
    print(f"wrote {out}: {rows:,} rows, {len(data) / 1e6:.1f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
