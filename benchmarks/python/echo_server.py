#!/usr/bin/python3
"""The asyncio tutorial's echo server on asyncio streams, for benchmarks/echo.sh.

    /usr/bin/python3 benchmarks/python/echo_server.py --loop asyncio|uvloop [--port 0]

Each connection runs the tutorial loop, exactly:

    data = await reader.read(65536)   # until EOF
    writer.write(data)
    await writer.drain()

Binds 127.0.0.1, prints "READY <port> loop=<loop>" once it listens and serves until killed.
--loop uvloop runs the same code on uvloop's event loop (Debian: apt-get install -y python3-uvloop).
Load it with benchmarks/target/echoload (see benchmarks/README.md, "Streams: echo server").
"""

import argparse
import asyncio


async def handle(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass  # the load generator closes its connections when it is done
    finally:
        writer.close()


async def main(port, loop_name):
    server = await asyncio.start_server(handle, "127.0.0.1", port)
    print("READY", server.sockets[0].getsockname()[1], f"loop={loop_name}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--loop", choices=["asyncio", "uvloop"], default="asyncio")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    if args.loop == "uvloop":
        import uvloop
        uvloop.install()
    try:
        asyncio.run(main(args.port, args.loop))
    except KeyboardInterrupt:
        pass
