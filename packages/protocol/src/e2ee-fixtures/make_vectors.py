#!/usr/bin/env python3
"""Reference vectors for E2EE v2 (session-protocol section 6.1), computed independently of the
TypeScript module with Python's `cryptography` package (HKDF-SHA256 + ChaCha20Poly1305).

Regenerate with:  python3 make_vectors.py > vectors.json
The TypeScript test reads vectors.json, so running it needs no Python.
"""
import base64
import json
import struct

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY = bytes(range(32))
SALTS = {
    "c2d v2": bytes.fromhex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"),
    "d2c v2": bytes.fromhex("d0d1d2d3d4d5d6d7d8d9dadbdcdddedf"),
    "grp v2": bytes.fromhex("0f0e0d0c0b0a09080706050403020100"),
}
PAYLOADS = [
    {"msg_type": "porch.light", "on": True},
    {"msg_type": "metrics", "cpu": 73, "mem": 41.5, "tags": ["a", "b"], "nested": {"x": None}},
    {"msg_type": "chat_message", "text": "caf\u00e9 \u2603 \U0001f600", "_from": "shed-tablet"},
    "pong",
]
COUNTERS = [0, 1, 41]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def seal(label: str, n: int, payload) -> dict:
    salt = SALTS[label]
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=label.encode()).derive(KEY)
    nonce = b"\x00\x00\x00\x00" + struct.pack(">Q", n)
    plaintext = json.dumps(payload, separators=(",", ":")).encode()
    ct = ChaCha20Poly1305(key).encrypt(nonce, plaintext, None)
    return {
        "label": label,
        "payload": payload,
        "plaintext": plaintext.decode(),
        "derived_key": b64(key),
        "envelope": {"e2ee": 2, "s": b64(salt), "n": n, "ct": b64(ct)},
    }


def main() -> None:
    vectors = [
        seal(label, n, payload)
        for label in SALTS
        for n in COUNTERS
        for payload in PAYLOADS
    ]
    print(json.dumps({"key": b64(KEY), "salts": {k: b64(v) for k, v in SALTS.items()}, "vectors": vectors}, indent=1))


if __name__ == "__main__":
    main()
