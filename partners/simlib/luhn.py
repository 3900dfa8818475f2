"""SIREN and SIRET keys (domain §1.1): Luhn over every digit, with La Poste's SIRET exception."""

import re


def luhn_valid(digits):
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def siren_valid(text):
    return isinstance(text, str) and re.fullmatch(r"[0-9]{9}", text) is not None and luhn_valid(text)


def siret_valid(text):
    if not isinstance(text, str) or re.fullmatch(r"[0-9]{14}", text) is None or not siren_valid(text[:9]):
        return False
    if luhn_valid(text):
        return True
    return text[:9] == "356000000" and sum(int(c) for c in text) % 5 == 0
