#!/usr/bin/env python3
"""Crash test: kill -9 the server while 8 senders stream messages, restart it, check nothing was lost.

  scripts/crash_test.py [--messages 20000] [--senders 8] [--patients 400] [--binary .build/release/radbridge]

Each patient belongs to one sender, which sends that patient's messages one after another and
resends a message until it gets AA/CA (as a real sender does across a server restart).
When half of the messages are acknowledged the server is killed with SIGKILL and restarted on
the same data directory. Then it checks:
  1. every acknowledged control ID is in the journal as accepted;
  2. the downstream sink (Tests/Peers/mllp_sink.py) applied every accepted message;
  3. per patient, the sink applied messages in the order they were sent;
  4. no control ID was applied twice, and every redelivery carried its original control ID.
Exit status 0 only if all hold. Prints the counts.
"""
import argparse
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

from hl7.client import MLLPClient

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_for_port(port, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


def message(control_id, patient, seq):
    return (f"MSH|^~\\&|CRASH|HOSP|RADBRIDGE|RAD|20260101120000||ADT^A08^ADT_A01|{control_id}|P|2.5\r"
            f"EVN|A08|20260101120000\r"
            f"PID|1||{patient}^^^HOSP^MR||TEST^PATIENT||19700101|F\r"
            f"PV1|1|O|||||||||||||||||{seq}\r")


class Server:
    def __init__(self, binary, data, config, mllp_port, http_port, log):
        self.args = [binary, "serve", "--data", data, "--config", config,
                     "--mllp", f"127.0.0.1:{mllp_port}", "--http", f"127.0.0.1:{http_port}",
                     "--dicom", "127.0.0.1:0"]
        self.port = mllp_port
        self.log = log
        self.process = None

    def start(self):
        self.process = subprocess.Popen(self.args, stdout=self.log, stderr=self.log)
        wait_for_port(self.port)

    def kill9(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise RuntimeError("server did not stop on SIGTERM")


def sender(index, plan, port, acked, lock, deadline):
    client = None
    for control_id, patient, seq in plan:
        payload = message(control_id, patient, seq)
        while True:
            if time.time() > deadline:
                raise RuntimeError(f"sender {index} gave up")
            try:
                if client is None:
                    client = MLLPClient("127.0.0.1", port)
                    client.socket.settimeout(10)
                reply = client.send_message(payload)
                reply = reply.decode() if isinstance(reply, bytes) else reply
                msa = next((s for s in reply.split("\r") if s.startswith("MSA")), "")
                if msa.startswith("MSA|AA|") or msa.startswith("MSA|CA|"):
                    with lock:
                        acked.append(control_id)
                    break
                time.sleep(0.05)
            except (OSError, ConnectionError, IndexError, ValueError):
                if client is not None:
                    try:
                        client.close()
                    except OSError:
                        pass
                client = None
                time.sleep(0.05)
    if client is not None:
        client.close()


def read_lines(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.split() for line in f if line.strip()]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--senders", type=int, default=8)
    parser.add_argument("--patients", type=int, default=400)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/radbridge"))
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    if not os.access(args.binary, os.X_OK):
        print(f"no radbridge binary at {args.binary}", file=sys.stderr)
        return 2

    work = tempfile.mkdtemp(prefix="radbridge-crash-")
    received_log, applied_log = os.path.join(work, "received.log"), os.path.join(work, "applied.log")
    sink = subprocess.Popen([sys.executable, os.path.join(ROOT, "Tests/Peers/mllp_sink.py"), "--log", received_log,
                             "--applied", applied_log], stdout=subprocess.PIPE, text=True)
    sink_port = int(sink.stdout.readline().split()[1])
    config = os.path.join(work, "config.yaml")
    with open(config, "w") as f:
        f.write(f'destinations:\n  sink: {{ mllp: "127.0.0.1:{sink_port}", connections: 4, '
                f'backoff: {{ initial: 0.05, max: 1 }} }}\n'
                f'routes:\n  - {{ match: {{ type: "ADT^*" }}, to: [sink] }}\n')
    server_log = open(os.path.join(work, "server.log"), "w")
    server = Server(args.binary, os.path.join(work, "data"), config, free_port(), free_port(), server_log)
    started = time.time()
    server.start()

    plans = [[] for _ in range(args.senders)]
    for i in range(args.messages):
        patient = f"P{i % args.patients:05d}"
        plans[(i % args.patients) % args.senders].append((f"C{i:07d}", patient, i))
    acked, lock = [], threading.Lock()
    deadline = time.time() + args.timeout
    threads = [threading.Thread(target=sender, args=(n, plans[n], server.port, acked, lock, deadline))
               for n in range(args.senders)]
    for t in threads:
        t.start()
    while len(acked) < args.messages // 2 and any(t.is_alive() for t in threads):
        time.sleep(0.01)
    acked_at_kill = len(acked)
    server.kill9()
    killed_at = time.time()
    server.start()
    restart_seconds = time.time() - killed_at
    for t in threads:
        t.join()
    send_seconds = time.time() - started

    db_path = os.path.join(work, "data", "radbridge.sqlite")
    accepted = []
    while time.time() < deadline:
        db = sqlite3.connect(db_path, timeout=30)
        accepted = [row[0] for row in db.execute("SELECT control_id FROM journal WHERE status = 'accepted' ORDER BY id")]
        pending = db.execute("SELECT count(*) FROM outbox WHERE state = 'pending'").fetchone()[0]
        db.close()
        if pending == 0 and len(read_lines(applied_log)) >= len(accepted):
            break
        time.sleep(0.2)
    server.stop()
    sink.kill()
    total_seconds = time.time() - started

    applied = read_lines(applied_log)
    received = read_lines(received_log)
    problems = []
    accepted_set = set(accepted)
    missing_in_journal = [c for c in acked if c not in accepted_set]
    if missing_in_journal:
        problems.append(f"{len(missing_in_journal)} ACKed messages missing from the journal, e.g. {missing_in_journal[:5]}")
    if len(acked) != args.messages or len(set(acked)) != args.messages:
        problems.append(f"senders got {len(set(acked))} distinct ACKs for {args.messages} messages")
    applied_ids = [a[0] for a in applied]
    if len(applied_ids) != len(set(applied_ids)):
        problems.append("a control ID was applied twice")
    not_delivered = accepted_set - set(applied_ids)
    if not_delivered:
        problems.append(f"{len(not_delivered)} accepted messages never reached the sink, e.g. {sorted(not_delivered)[:5]}")
    unknown = set(applied_ids) - accepted_set
    if unknown:
        problems.append(f"sink applied {len(unknown)} control IDs that are not accepted in the journal")
    sent_order = {}
    for plan in plans:
        for control_id, patient, _ in plan:
            sent_order.setdefault(patient, []).append(control_id)
    applied_order = {}
    for control_id, patient in applied:
        applied_order.setdefault(patient, []).append(control_id)
    out_of_order = [p for p, ids in applied_order.items() if ids != sent_order.get(p, [])[:len(ids)]]
    if out_of_order:
        problems.append(f"{len(out_of_order)} patients received out of order, e.g. {out_of_order[:3]}")
    redelivered = len(received) - len(applied)

    print(f"messages {args.messages}, senders {args.senders}, patients {args.patients}")
    print(f"ACKed {len(set(acked))} (killed -9 after {acked_at_kill}; restart took {restart_seconds:.2f}s)")
    print(f"journal accepted {len(accepted)}, sink received {len(received)}, applied {len(applied)}, "
          f"redelivered duplicates {redelivered}")
    print(f"sending took {send_seconds:.1f}s, until drained {total_seconds:.1f}s; work dir {work}")
    for problem in problems:
        print("FAIL:", problem)
    print("crash test:", "FAILED" if problems else "passed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
