#!/usr/bin/python3
"""The asyncio tutorial's echo server, written with asyncio streams: the Python peer of
Reactio's interop tests (dev.reactio.streams.interop.PythonInteropTest).

    /usr/bin/python3 echo_server.py --mode line|binary

Binds 127.0.0.1 on an ephemeral port and prints "PORT <n>" on stdout once it listens.
  line    each connection: readline() until EOF, write every line back, drain.
  binary  each connection: read(65536) until EOF, write every chunk back, drain.
After EOF (also a half-close from the client) the handler closes the connection, so a client
that half-closes reads everything back and then EOF.
Exits when stdin closes, so it cannot outlive the test JVM that started it.
"""

import argparse
import asyncio
import sys
import threading


async def handle_lines(reader, writer):
    try:
        while line := await reader.readline():
            writer.write(line)
            await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()


async def handle_binary(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()


async def main(mode):
    handler = handle_lines if mode == "line" else handle_binary
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    stop = asyncio.get_running_loop().create_future()
    loop = asyncio.get_running_loop()

    def watch_stdin():
        sys.stdin.buffer.read()  # returns at EOF: the parent closed our stdin or died
        loop.call_soon_threadsafe(lambda: stop.done() or stop.set_result(None))

    threading.Thread(target=watch_stdin, daemon=True).start()
    print("PORT", server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await stop


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["line", "binary"], required=True)
    asyncio.run(main(parser.parse_args().mode))
