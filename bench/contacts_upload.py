"""Contact upload latency: 1,000 and 5,000 entries on a graph of N accounts.

A first upload fills an empty book; a replace-all swaps every entry for another (the worst case).

    python -m bench.contacts_upload [--accounts 10000] [--repeat 15]

The service path (one transaction, UNWIND batches, friendships recomputed) is compared with a
naive baseline in the same run: one MERGE statement per contact.
"""

from __future__ import annotations

import argparse
import random
import time

from bench.common import benchmark_context, bulk_write, summary, timed, write_results
from secret_graph.contacts import services as contacts
from secret_graph.crypto import client_digest
from secret_graph.db.cypher import bench


def number(n: int) -> str:
    return f"+1415{n:07d}"


def seed(ctx, accounts: int, uploader_id: str, rng: random.Random) -> None:
    """N accounts; a quarter of them have the uploader's phone in their books, so uploads match."""
    keyring = ctx.keyring
    rows = [
        {"id": f"acct-{n}", "created_at": 0, "key": keyring.identifier_key("phone", client_digest(number(n)))}
        for n in range(accounts)
    ]
    rows.append(
        {"id": uploader_id, "created_at": 0, "key": keyring.identifier_key("phone", client_digest(number(accounts)))}
    )
    bulk_write(ctx, bench.bulk_accounts, rows, batch=5000)
    uploader_key = rows[-1]["key"]
    books = []
    for n in range(accounts):
        book = [rows[rng.randrange(accounts)]["key"] for _ in range(20)]
        if n % 4 == 0:
            book.append(uploader_key)
        books.append({"account_id": f"acct-{n}", "keys": book})
    bulk_write(ctx, bench.bulk_contacts, books, batch=1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    rng = random.Random(7)
    uploader = "bench-uploader"
    results: dict = {"accounts": args.accounts, "repeat": args.repeat, "cases": {}}
    with benchmark_context() as ctx:
        seed(ctx, args.accounts, uploader, rng)
        for size in (1000, 5000):
            books = [[client_digest(number(rng.randrange(args.accounts))) for _ in range(size)] for _ in range(2)]

            def first_upload(books=books):
                contacts.clear(ctx=ctx, account_id=uploader)
                started = time.perf_counter()
                contacts.replace(ctx=ctx, account_id=uploader, digests=books[0], phones=[])
                return (time.perf_counter() - started) * 1000

            first = summary([first_upload() for _ in range(args.repeat + 1)][1:])
            flip = iter(range(10**9))

            def replace_all(books=books, flip=flip):
                # Alternate two different books: every entry is removed and another added.
                return contacts.replace(ctx=ctx, account_id=uploader, digests=books[next(flip) % 2], phones=[])

            replaced = summary(timed(replace_all, args.repeat))
            friends = replace_all().friends
            contacts.clear(ctx=ctx, account_id=uploader)
            keys = [ctx.keyring.identifier_key("phone", d) for d in books[0]]

            def naive(keys=keys):
                contacts.clear(ctx=ctx, account_id=uploader)
                started = time.perf_counter()
                for key in keys:
                    ctx.db.write(lambda tx, key=key: bench.naive_add_one_contact(tx, account_id=uploader, key=key))
                return (time.perf_counter() - started) * 1000

            baseline = summary([naive() for _ in range(max(3, args.repeat // 5))])
            contacts.clear(ctx=ctx, account_id=uploader)
            results["cases"][str(size)] = {
                "first_upload_ms": first,
                "replace_all_ms": replaced,
                "naive_first_upload_ms": baseline,
                "speedup_p50": round(baseline["p50"] / first["p50"], 1),
                "friends_after_upload": friends,
            }
    table = [
        f"Contact upload on {args.accounts:,} accounts (medians of {args.repeat} runs)",
        "",
        "| entries | first upload p50 ms | p95 | replace-all p50 ms | p95 | naive first upload p50 ms (1 MERGE each) | ratio | friends |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, case in results["cases"].items():
        first, replaced = case["first_upload_ms"], case["replace_all_ms"]
        table.append(
            f"| {int(size):,} | {first['p50']} | {first['p95']} | {replaced['p50']} | {replaced['p95']} "
            f"| {case['naive_first_upload_ms']['p50']} | {case['speedup_p50']}x | {case['friends_after_upload']} |"
        )
    text = "\n".join(table) + "\n"
    path = write_results("contacts_upload", results, text)
    print(text)
    print(f"results: {path}")


if __name__ == "__main__":
    main()
