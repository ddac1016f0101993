#!/usr/bin/env bash
# Loads a batch output directory into a real PostgreSQL (on loopback), into
# SQLite and into DuckDB with the DDL from `evalform schema --sql`, then checks
# by query that row counts and amounts equal the per-file JSON documents.
# DuckDB loads the Parquet tables (parquet/, from `batch --parquet`) into its
# DDL, and the CSVs into the PostgreSQL DDL (what DuckDB makes of NUMERIC);
# every Parquet row must equal its CSV row.
#
#   scripts/ci-warehouse.sh [BATCH_OUT_DIR]
#
# Without a directory, it builds evalform and runs a batch over the sample PDFs.
# EVALFORM_BIN names the evalform binary (default: target/debug/evalform).
# Needs (installed with apt-get when missing and running as root):
#   postgresql, sqlite3, python3; and the duckdb PyPI wheel (scripts/setup.sh).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${EVALFORM_BIN:-$here/target/debug/evalform}"
work="$(mktemp -d /tmp/evalform-warehouse.XXXXXX)"
chmod 755 "$work"

log() { printf 'ci-warehouse: %s\n' "$*" >&2; }

pg_bindir() {
    if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/pg_ctl" ]; then
        pg_config --bindir
        return
    fi
    # Debian keeps the server binaries per major version.
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

install_packages() {
    local missing=()
    [ -n "$(pg_bindir)" ] && command -v psql >/dev/null || missing+=(postgresql)
    command -v sqlite3 >/dev/null || missing+=(sqlite3)
    command -v python3 >/dev/null || missing+=(python3)
    python3 -c 'import duckdb' 2>/dev/null || "$here/scripts/setup.sh" --duckdb-only
    [ ${#missing[@]} -eq 0 ] && return
    if [ "$(id -u)" != 0 ]; then
        log "missing packages ${missing[*]} and not root to install them"
        exit 2
    fi
    log "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
}

# Runs a command as the database owner: initdb and the server refuse root.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start_postgres() {
    local bindir
    bindir="$(pg_bindir)"
    pgdata="$work/pgdata"
    pgsock="$work/sock"
    mkdir -p "$pgdata" "$pgsock"
    [ "$(id -u)" = 0 ] && chown postgres: "$pgdata" "$pgsock"
    pgport="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    as_owner "$bindir/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    as_owner "$bindir/pg_ctl" -D "$pgdata" -l "$pgdata/postgres.log" -w start \
        -o "-c listen_addresses=127.0.0.1 -p $pgport -k $pgsock" >/dev/null
    pg_stop="$bindir/pg_ctl"
    log "PostgreSQL running on 127.0.0.1:$pgport"
}

cleanup() {
    if [ -n "${pg_stop:-}" ]; then
        as_owner "$pg_stop" -D "$pgdata" -m fast stop >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

psql_run() {
    psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pgport" -U postgres -d evalform "$@"
}

tables=(documents funds tasks indicators contacts warnings unread confidence errors)

load_postgres() {
    psql -X -q -h 127.0.0.1 -p "$pgport" -U postgres -d postgres -c 'CREATE DATABASE evalform'
    "$bin" schema --sql postgres | psql_run
    for t in "${tables[@]}"; do
        psql_run -c "\\copy $t FROM '$out/$t.csv' WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')"
    done
}

load_sqlite() {
    db="$work/evalform.sqlite"
    "$bin" schema --sql sqlite | sqlite3 -bail "$db"
    {
        echo 'PRAGMA foreign_keys = ON;'
        for t in "${tables[@]}"; do
            echo ".import --csv --skip 1 '$out/$t.csv' $t"
        done
        # .import stores an empty field as '' where the CSV means NULL.
        python3 - "$out" "${tables[@]}" <<'PY'
import csv, sys
out, tables = sys.argv[1], sys.argv[2:]
for t in tables:
    with open(f"{out}/{t}.csv", encoding="utf-8-sig", newline="") as f:
        for col in next(csv.reader(f)):
            print(f"UPDATE {t} SET {col} = NULL WHERE {col} = '';")
PY
    } | sqlite3 -bail "$db"
}

check() {
    "$bin" schema --sql duckdb > "$work/duckdb.sql"
    "$bin" schema --sql postgres > "$work/postgres.sql"
    python3 - "$out" "$pgport" "$db" "$work" <<'PY'
import csv, glob, json, os, subprocess, sys
from decimal import Decimal

import duckdb

out, port, db, work = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
TABLES = ["documents", "funds", "tasks", "indicators", "contacts", "warnings", "unread", "confidence", "errors"]

def dec(x):
    # repr is the shortest decimal that reads back as the same float: what the CSV prints.
    return None if x is None else Decimal(repr(float(x)))

docs = []
for path in sorted(glob.glob(f"{out}/json/*.json")):
    with open(path, encoding="utf-8") as f:
        docs.append(json.load(f))
with open(f"{out}/manifest.jsonl", encoding="utf-8") as f:
    failed = sum(1 for line in f if json.loads(line)["status"] == "failed")

expected = {
    "documents": len(docs),
    "funds": sum(len(d["funds"]) for d in docs),
    "tasks": sum(len(d["tasks"]) for d in docs),
    "indicators": sum(len(d["indicators"]) for d in docs),
    "contacts": sum(len(d["contacts"]) for d in docs),
    "warnings": sum(len(d["warnings"]) for d in docs),
    "unread": sum(len(d.get("unread", [])) for d in docs),
    "confidence": sum(len(d.get("confidence", {})) for d in docs),
    "errors": failed,
}
per_doc = {}
for d in docs:
    actual = [dec(f["actual"]) for f in d["funds"] if f["actual"] is not None]
    values = [dec(i["target"]["value"]) for i in d["indicators"]
              if i["target"] and i["target"]["value"] is not None]
    # doc_id: the file's sha256, with -<n> for its n-th form (n >= 2).
    n = d["source"].get("form_index", 1)
    doc_id = d["source"]["sha256"] if n <= 1 else f'{d["source"]["sha256"]}-{n}'
    per_doc[doc_id] = (
        sum(actual, Decimal(0)) if actual else None,
        sum(values, Decimal(0)) if values else None,
        dec(d["total_score"]),
    )

def pg(sql):
    res = subprocess.run(
        ["psql", "-X", "-At", "-F", "|", "-h", "127.0.0.1", "-p", port, "-U", "postgres",
         "-d", "evalform", "-c", sql], check=True, capture_output=True, text=True)
    return [line.split("|") for line in res.stdout.splitlines()]

def lite(sql):
    res = subprocess.run(["sqlite3", "-separator", "|", db, sql],
                         check=True, capture_output=True, text=True)
    return [line.split("|") for line in res.stdout.splitlines()]

# DuckDB: the Parquet tables into the DuckDB DDL.
duck = duckdb.connect()
duck.execute(open(f"{work}/duckdb.sql", encoding="utf-8").read())
for t in TABLES:
    duck.execute(f"INSERT INTO {t} SELECT * FROM read_parquet('{out}/parquet/{t}.parquet')")

def duck_rows(conn):
    """A query function over a DuckDB connection: rows of strings, NULL as ""."""
    return lambda sql: [["" if v is None else str(v) for v in row]
                        for row in conn.execute(sql).fetchall()]

duck_query = duck_rows(duck)

# The CSVs into the PostgreSQL DDL in DuckDB: NUMERIC(18,4) must keep 4 decimals.
duck_csv = duckdb.connect()
duck_csv.execute(open(f"{work}/postgres.sql", encoding="utf-8").read())
for t in TABLES:
    duck_csv.execute(f"COPY {t} FROM '{out}/{t}.csv' (HEADER)")

duck_csv_query = duck_rows(duck_csv)

PER_DOC = """
SELECT d.doc_id,
       (SELECT SUM(actual) FROM funds f WHERE f.doc_id = d.doc_id),
       (SELECT SUM(target_value) FROM indicators i WHERE i.doc_id = d.doc_id),
       d.total_score
FROM documents d ORDER BY d.doc_id
"""

# Every Parquet row equals its CSV row, value by value, by the DDL's types.
problems = []

def canonical(kind, v):
    if kind == "INTEGER[]":
        if isinstance(v, str):
            return tuple(int(x) for x in v.split(";")) if v else ()
        return tuple(v or ())
    if v is None or v == "":
        return None
    if kind.startswith("DECIMAL"):
        return Decimal(str(v))
    if kind == "BIGINT":
        return int(v)
    return str(v)

for t in TABLES:
    kinds = [r[1] for r in duck.execute(f"DESCRIBE {t}").fetchall()]
    parquet_rows = sorted(
        (tuple(canonical(k, v) for k, v in zip(kinds, row))
         for row in duck.execute(f"SELECT * FROM read_parquet('{out}/parquet/{t}.parquet')").fetchall()),
        key=repr)
    with open(f"{out}/{t}.csv", encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        csv_rows = sorted((tuple(canonical(k, v) for k, v in zip(kinds, row)) for row in reader), key=repr)
    if parquet_rows != csv_rows:
        diff = [r for r in parquet_rows if r not in csv_rows][:1] + [r for r in csv_rows if r not in parquet_rows][:1]
        problems.append(f"duckdb: parquet/{t}.parquet differs from {t}.csv: {diff}")

backends = (("postgres", pg, True), ("sqlite", lite, False), ("duckdb", duck_query, True),
            ("duckdb-csv", duck_csv_query, True))
for name, query, exact in backends:
    for table, want in expected.items():
        got = int(query(f"SELECT COUNT(*) FROM {table}")[0][0])
        if got != want:
            problems.append(f"{name}: {table} has {got} rows, the JSON {want}")
    orphans = int(query("SELECT COUNT(*) FROM funds f LEFT JOIN documents d "
                        "ON d.doc_id = f.doc_id WHERE d.doc_id IS NULL")[0][0])
    if orphans:
        problems.append(f"{name}: {orphans} funds rows without a document")
    rows = query(PER_DOC)
    if len(rows) != len(per_doc):
        problems.append(f"{name}: {len(rows)} documents, the JSON {len(per_doc)}")
    for doc_id, funds_sum, target_sum, score in rows:
        want = per_doc.get(doc_id)
        if want is None:
            problems.append(f"{name}: unknown document {doc_id}")
            continue
        for label, g, w in (("funds.actual", funds_sum, want[0]),
                            ("indicators.target_value", target_sum, want[1]),
                            ("total_score", score, want[2])):
            g = Decimal(g) if g else None
            same = g == w if exact or g is None or w is None else abs(g - w) <= abs(w) * Decimal("1e-12")
            if not same:
                problems.append(f"{name}: {doc_id[:12]} sum of {label} is {g}, the JSON {w}")

for p in problems:
    print(p, file=sys.stderr)
counts = ", ".join(f"{t} {n}" for t, n in expected.items())
if problems:
    sys.exit(1)
print(f"ci-warehouse: PostgreSQL, SQLite and DuckDB (Parquet and CSV) match the JSON ({counts})")
PY
}

main() {
    install_packages
    if [ $# -ge 1 ]; then
        out="$(cd "$1" && pwd)"
    else
        log "building evalform and converting the samples"
        (cd "$here" && cargo build --quiet)
        out="$work/out"
        "$bin" batch --no-progress --parquet -o "$out" "$here"/samples/shared/*.pdf || true
    fi
    [ -f "$out/documents.csv" ] || { log "$out is not a batch output directory"; exit 2; }
    [ -f "$out/parquet/documents.parquet" ] || { log "$out has no Parquet tables (batch --parquet)"; exit 2; }
    start_postgres
    load_postgres
    load_sqlite
    check
}

main "$@"
