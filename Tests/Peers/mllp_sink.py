#!/usr/bin/env python3
"""A downstream MLLP receiver for RadBridge's tests, built on the python `hl7` library.

Prints "PORT <n>" once listening. Appends one line per received message to --log:
"<MSH-10> <PID-3.1 or -> <reply code>". Replies AA unless told otherwise:
  --ae ID        always answer AE to that control ID
  --ar-first N   answer AR to the first N messages received
  --silent-first N  send no reply to the first N messages (the sender times out)
  --applied FILE  appends "<MSH-10> <PID-3.1>" only the first time a control ID is seen (apply-once)
  --messages FILE  appends each received message as one JSON string per line
  --commit-only  answer CA instead of AA to messages in enhanced mode (MSH-15 valued): a commit ACK,
                 the application ACK left for later
"""
import argparse
import asyncio
import json
import sys

import hl7
from hl7.mllp import start_hl7_server


def patient_id(message):
    try:
        return str(message.segment("PID")[3]).split("~")[0].split("^")[0] or "-"
    except (KeyError, IndexError):
        return "-"


def enhanced(message):
    try:
        return str(message.segment("MSH")[15]) != ""
    except (KeyError, IndexError):
        return False


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--log", required=True)
    parser.add_argument("--applied")
    parser.add_argument("--ae", action="append", default=[])
    parser.add_argument("--ar-first", type=int, default=0)
    parser.add_argument("--silent-first", type=int, default=0)
    parser.add_argument("--messages")
    parser.add_argument("--commit-only", action="store_true")
    args = parser.parse_args()
    state = {"received": 0, "applied": set()}
    log = open(args.log, "a", buffering=1)
    applied = open(args.applied, "a", buffering=1) if args.applied else None
    messages = open(args.messages, "a", buffering=1) if args.messages else None

    async def on_connection(reader, writer):
        try:
            while not writer.is_closing():
                message = await reader.readmessage()
                state["received"] += 1
                control_id = str(message.segment("MSH")[10])
                patient = patient_id(message)
                if messages:
                    messages.write(json.dumps(str(message)) + "\n")
                if state["received"] <= args.silent_first:
                    log.write(f"{control_id} {patient} none\n")
                    continue
                if control_id in args.ae:
                    code = "AE"
                elif state["received"] <= args.silent_first + args.ar_first:
                    code = "AR"
                else:
                    code = "AA"
                if code == "AA" and args.commit_only and enhanced(message):
                    code = "CA"
                if code in ("AA", "CA") and applied and control_id not in state["applied"]:
                    state["applied"].add(control_id)
                    applied.write(f"{control_id} {patient}\n")
                log.write(f"{control_id} {patient} {code}\n")
                writer.writemessage(message.create_ack(ack_code=code))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await start_hl7_server(on_connection, host="127.0.0.1", port=args.port)
    print("PORT", server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
