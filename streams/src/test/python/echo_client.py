#!/usr/bin/python3
"""An asyncio streams client that checks an echo server: the Python peer of Reactio's interop
tests (dev.reactio.streams.interop.PythonInteropTest).

    /usr/bin/python3 echo_client.py --port N --mode line|binary

  line    sends 1 000 lines (one of them empty, some non-ASCII, one of 16 KiB) in one burst,
          then reads them back with readline(); then one line at a time, waiting for each.
  binary  sends a few hundred KiB of random bytes in chunks of varied size while reading the
          echo concurrently with readexactly(); then, on a second connection, sends 64 KiB,
          half-closes (write_eof) and reads to EOF with read().
Prints "OK <what was checked>" and exits 0 when every echoed byte matched; prints what
differed on stderr and exits 1 otherwise (2 for a connection problem).
"""

import argparse
import asyncio
import os
import random
import sys


class Mismatch(Exception):
    pass


def check(what, got, want):
    if got != want:
        at = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
        raise Mismatch(f"{what}: got {len(got)} bytes, want {len(want)}; first difference at byte {at}: "
                       f"got {got[at:at + 16]!r}, want {want[at:at + 16]!r}")


async def lines(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    rnd = random.Random(7)
    sent = []
    for i in range(1000):
        if i == 10:
            line = b"\n"
        elif i == 20:
            line = "héllo wörld ✓ 😀\n".encode()
        elif i == 500:
            line = bytes(rnd.choice(b"abcdefghij") for _ in range(16 * 1024)) + b"\n"
        else:
            line = f"line {i} {'x' * rnd.randrange(0, 200)}\n".encode()
        sent.append(line)
    writer.writelines(sent)
    await writer.drain()
    for i, line in enumerate(sent):
        check(f"burst line {i}", await reader.readline(), line)
    for i in range(100):
        line = f"ping {i}\n".encode()
        writer.write(line)
        await writer.drain()
        check(f"ping-pong line {i}", await reader.readline(), line)
    writer.close()
    await writer.wait_closed()
    return f"{len(sent) + 100} lines"


async def binary(port):
    rnd = random.Random(11)
    payload = os.urandom(384 * 1024)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)

    async def send():
        pos = 0
        while pos < len(payload):
            n = rnd.choice([1, 7, 1000, 4096, 65536, 100_000])
            writer.write(payload[pos:pos + n])
            await writer.drain()
            pos += n

    sender = asyncio.create_task(send())
    echoed = await reader.readexactly(len(payload))
    await sender
    check("binary echo", echoed, payload)
    writer.close()
    await writer.wait_closed()

    # half-close: the server must keep writing after our FIN, then close
    tail = os.urandom(64 * 1024)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(tail)
    writer.write_eof()
    echoed = await reader.read()  # to EOF
    check("echo after write_eof", echoed, tail)
    writer.close()
    await writer.wait_closed()
    return f"{len(payload)} + {len(tail)} bytes (the second after write_eof)"


async def main(args):
    what = await asyncio.wait_for((lines if args.mode == "line" else binary)(args.port), args.timeout)
    print("OK", args.mode, what, flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--mode", choices=["line", "binary"], required=True)
    parser.add_argument("--timeout", type=float, default=20.0)
    try:
        asyncio.run(main(parser.parse_args()))
    except Mismatch as e:
        print("MISMATCH", e, file=sys.stderr, flush=True)
        sys.exit(1)
    except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError) as e:
        print("CONNECTION", type(e).__name__, e, file=sys.stderr, flush=True)
        sys.exit(2)
