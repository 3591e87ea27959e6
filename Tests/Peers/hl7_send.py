#!/usr/bin/env python3
"""Sends HL7 files to an MLLP listener with the python `hl7` library's MLLPClient.

Usage: hl7_send.py PORT FILE... ; prints "<file> <MSA segment>" per message."""
import sys

import hl7
from hl7.client import MLLPClient


def main():
    port = int(sys.argv[1])
    with MLLPClient("127.0.0.1", port) as client:
        for path in sys.argv[2:]:
            text = open(path, encoding="utf-8").read().replace("\r\n", "\r").replace("\n", "\r").strip("\r") + "\r"
            reply = client.send_message(text)
            ack = hl7.parse(reply.decode("utf-8") if isinstance(reply, bytes) else reply)
            print(path, str(ack.segment("MSA")), flush=True)


if __name__ == "__main__":
    main()
