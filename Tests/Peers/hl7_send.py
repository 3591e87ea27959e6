#!/usr/bin/env python3
"""Sends HL7 files to an MLLP listener with the python `hl7` library's MLLPClient.

Usage: hl7_send.py [--full] PORT FILE... ; prints "<file> <MSA segment>" per message, or with
--full the whole reply as one JSON string per line."""
import json
import sys

import hl7
from hl7.client import MLLPClient


def main():
    args = sys.argv[1:]
    full = args[0] == "--full"
    if full:
        args = args[1:]
    port = int(args[0])
    with MLLPClient("127.0.0.1", port) as client:
        for path in args[1:]:
            text = open(path, encoding="utf-8").read().replace("\r\n", "\r").replace("\n", "\r").strip("\r") + "\r"
            reply = client.send_message(text)
            reply = reply.decode("utf-8") if isinstance(reply, bytes) else reply
            reply = reply.strip("\x0b\x1c\r\n") + "\r"
            if full:
                print(json.dumps(reply), flush=True)
            else:
                print(path, str(hl7.parse(reply).segment("MSA")), flush=True)


if __name__ == "__main__":
    main()
