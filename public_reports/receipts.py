"""Receipt codes: unguessable (about 59 bits), and short enough to copy by hand from a phone screen.

The alphabet leaves out characters people confuse (0/O, 1/I/L); lookups forgive case, spaces and dashes.
"""
import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 12


def new_receipt():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed):
    return re.sub(r"[\s\-－—]", "", (typed or "")).upper()[:LENGTH * 2]


def display(receipt):
    """ABCD-EFGH-JKMN: three groups of four."""
    return "-".join(receipt[i:i + 4] for i in range(0, len(receipt), 4))
