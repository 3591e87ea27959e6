#!/usr/bin/env python3
"""The identity provider for the OIDC tests, with PyJWT and cryptography.

  jwt_peer.py keys DIR          RSA 2048 (rsa-1, rsa-2), EC P-256 (ec-256), EC P-384 (ec-384) and an
                                impostor RSA key (rsa-evil) as PEMs in DIR, and DIR/jwks.json holding
                                the public rsa-1, ec-256 and ec-384 (rsa-2 is in DIR/jwks-rotated.json too).
  jwt_peer.py mint DIR < SPECS  SPECS is a JSON object name -> {key, alg, claims, header?}; prints a JSON
                                object name -> compact JWT. alg "none" makes an unsigned token, HS256 one
                                signed with a shared secret; key names the PEM, header overrides the header
                                (a kid differing from the key's makes a token signed by the wrong key).
  jwt_peer.py serve DIR         serves DIR/jwks.json at /jwks (re-read each time) and the number of
                                /jwks requests at /hits, on a free loopback port printed first.
"""
import base64
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm


def make_keys(directory):
    os.makedirs(directory, exist_ok=True)
    keys = {
        "rsa-1": rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "rsa-2": rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "rsa-evil": rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "ec-256": ec.generate_private_key(ec.SECP256R1()),
        "ec-384": ec.generate_private_key(ec.SECP384R1()),
    }
    for kid, key in keys.items():
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        with open(os.path.join(directory, kid + ".pem"), "wb") as f:
            f.write(pem)

    def public_jwk(kid, alg=None):
        key = keys[kid].public_key()
        jwk = json.loads((RSAAlgorithm if kid.startswith("rsa") else ECAlgorithm).to_jwk(key))
        jwk.update({"kid": kid, "use": "sig"})
        if alg:
            jwk["alg"] = alg
        return jwk

    # rsa-1 declares no alg (RS256 and RS384 both fit it); the EC keys declare theirs.
    base = [public_jwk("rsa-1"), public_jwk("ec-256", "ES256"), public_jwk("ec-384", "ES384")]
    # An encryption key and a key of an unknown type are skipped, not fatal.
    extra = [{"kty": "oct", "kid": "hmac", "k": "c2VjcmV0"}, dict(public_jwk("rsa-evil"), use="enc", kid="enc-1")]
    with open(os.path.join(directory, "jwks.json"), "w") as f:
        json.dump({"keys": base + extra}, f)
    with open(os.path.join(directory, "jwks-rotated.json"), "w") as f:
        json.dump({"keys": base + [public_jwk("rsa-2", "RS256")]}, f)


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def mint(directory, specs):
    tokens = {}
    for name, spec in specs.items():
        alg, claims = spec["alg"], spec["claims"]
        header = dict(spec.get("header", {}))
        if alg == "none":
            head = dict({"alg": "none", "typ": "JWT"}, **header)
            tokens[name] = b64(json.dumps(head).encode()) + "." + b64(json.dumps(claims).encode()) + "."
            continue
        if alg.startswith("HS"):
            key = "a shared secret of thirty-two bytes!"
        else:
            with open(os.path.join(directory, spec["key"] + ".pem"), "rb") as f:
                key = serialization.load_pem_private_key(f.read(), password=None)
            header.setdefault("kid", spec["key"])
        if header.get("kid") is None:
            header.pop("kid", None)
        tokens[name] = jwt.encode(claims, key, algorithm=alg, headers=header)
    return tokens


def serve(directory):
    hits = {"jwks": 0}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/jwks":
                hits["jwks"] += 1
                with open(os.path.join(directory, "jwks.json"), "rb") as f:
                    body = f.read()
            elif self.path == "/hits":
                body = str(hits["jwks"]).encode()
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    # Ends when the test closes our standard input (or kills us).
    import threading
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    command, directory = sys.argv[1], sys.argv[2]
    if command == "keys":
        make_keys(directory)
    elif command == "mint":
        json.dump(mint(directory, json.load(sys.stdin)), sys.stdout)
    elif command == "serve":
        serve(directory)
    else:
        sys.exit("unknown command " + command)
