"""Runs schemathesis against a running RadBridge: every operation of /openapi.json, every parameter.

usage: schemathesis_run.py HTTP_PORT [MAX_EXAMPLES]
Exit 0 when no server error, no crash and every 4xx is a problem document (see schemathesis_hooks.py).
"""
import os
import subprocess
import sys

port, examples = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "20")
here = os.path.dirname(os.path.abspath(__file__))
env = dict(os.environ, SCHEMATHESIS_HOOKS="schemathesis_hooks",
           PYTHONPATH=here + os.pathsep + os.environ.get("PYTHONPATH", ""))
command = [sys.executable, "-m", "schemathesis.cli", "run", f"http://127.0.0.1:{port}/openapi.json",
           "--checks", "not_a_server_error,problem_document",
           "--phases", "examples,coverage,fuzzing,stateful",
           "--max-examples", examples, "--workers", "1", "--seed", "15",
           "--request-timeout", "20", "--generation-database", "none",
           "--no-color", "--suppress-health-check", "all", "--continue-on-failure", "--warnings", "off"]
sys.exit(subprocess.run(command, env=env).returncode)
