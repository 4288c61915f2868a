"""Staff password hashes (stdlib only): ``scrypt$n$r$p$salt$hash`` or ``pbkdf2_sha256$iter$salt$hash``.

``python -m geo hash-password`` prints a hash to put in ``ATLAS_STAFF_PASSWORD_HASH``
(or ``staff_password_hash`` in ``.streamlit/secrets.toml``). The password itself is
never stored.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
PBKDF2_MIN_ITERATIONS = 100_000


def hash_password(password: str) -> str:
    """A salted scrypt hash of ``password``."""
    if not password:
        raise ValueError("mot de passe vide")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R,
                            p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    """True when ``password`` matches ``encoded``; False for any malformed hash."""
    try:
        expected, computed = _digests(password or "", (encoded or "").strip())
    except (ValueError, TypeError, OverflowError, MemoryError):
        return False
    return bool(password) and hmac.compare_digest(expected, computed)


def _digests(password: str, encoded: str) -> tuple[bytes, bytes]:
    parts = encoded.split("$")
    secret = password.encode("utf-8")
    if parts[0] == "scrypt" and len(parts) == 6:
        n, r, p = (int(x) for x in parts[1:4])
        if not (2 <= n <= 2**20 and 1 <= r <= 32 and 1 <= p <= 16):
            raise ValueError("paramètres scrypt invalides")
        expected = _unb64(parts[5])
        return expected, hashlib.scrypt(secret, salt=_unb64(parts[4]), n=n, r=r, p=p,
                                        dklen=len(expected), maxmem=256 * 1024 * 1024)
    if parts[0] == "pbkdf2_sha256" and len(parts) == 4:
        iterations = int(parts[1])
        if not PBKDF2_MIN_ITERATIONS <= iterations <= 10_000_000:
            raise ValueError("nombre d'itérations invalide")
        expected = _unb64(parts[3])
        return expected, hashlib.pbkdf2_hmac("sha256", secret, _unb64(parts[2]), iterations,
                                             dklen=len(expected))
    raise ValueError("format de hachage inconnu")


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    raw = base64.b64decode(text.encode("ascii"), validate=True)
    if not raw:
        raise ValueError("valeur vide")
    return raw
