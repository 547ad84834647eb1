"""Parse Arabic and Chinese numerals as they appear in county reports.

The parsers are strict on purpose. A run of Chinese numeral characters that is not a well-formed
number (十四五, 一二三, 百千万) returns ``None`` instead of a guess, because such runs in reports are
plan names, grade lists or slogans, not figures. Digit-by-digit runs (二〇二二) are only numbers in
a year context, so they have their own parser.
"""

from __future__ import annotations

from decimal import Decimal

from scorer.lexicon import words

__all__ = [
    "CN_NUMERAL_CHARS",
    "MAGNITUDE_SCALE",
    "is_digit_sequence",
    "parse_arabic",
    "parse_chinese",
    "parse_chinese_scaled",
    "parse_digit_sequence",
    "split_magnitude",
]

_DIGITS = dict(zip("〇零一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
# 两 never appears in digit-by-digit runs (years, decimals), only in positional numbers (两百, 两个).
_SEQ_DIGITS = {k: v for k, v in _DIGITS.items() if k != "两"}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}

#: Every character a Chinese numeral run may contain (without the decimal 点).
CN_NUMERAL_CHARS = "".join(_DIGITS) + "十百千万亿"

#: Scale of each magnitude word that may sit between a number and its unit (1.5万元, 33.53亿元).
MAGNITUDE_SCALE = {"万亿": 10**12, "千万": 10**7, "百万": 10**6, "亿": 10**8, "万": 10**4, "千": 10**3}

_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
# Longer than this a numeral run is noise; it also keeps Decimal and float conversion bounded.
_MAX_CN_LEN = 24


_BARE_MAGNITUDES = words("units", "bare_magnitudes")  # 万亿, 亿, 万: longest first (scorer/data/lexicon.yaml)

def parse_arabic(token: str) -> float:
    """Return the value of an Arabic number token.

    Args:
        token: Digits (half- or full-width), optional half-width thousands commas and one decimal
            point (``.`` or ``．``), e.g. ``"12,345.6"`` or ``"１２３"``.

    Returns:
        The value as a float (``inf`` for absurdly long digit runs, never an exception).
    """
    return float(token.translate(_FULLWIDTH).replace(",", ""))


def is_digit_sequence(token: str) -> bool:
    """Tell whether a Chinese run is digit-by-digit (二〇二二, 一二三) rather than positional."""
    return len(token) > 1 and all(ch in _SEQ_DIGITS for ch in token)


def parse_digit_sequence(token: str) -> int | None:
    """Read a digit-by-digit Chinese run such as ``二〇二二`` as an integer.

    Args:
        token: Characters from 〇零一二三四五六七八九 only.

    Returns:
        The integer, or ``None`` when the token is empty, too long or holds another character.
    """
    if not token or len(token) > _MAX_CN_LEN or any(ch not in _SEQ_DIGITS for ch in token):
        return None
    return int("".join(str(_SEQ_DIGITS[ch]) for ch in token))


def split_magnitude(token: str) -> tuple[str, str]:
    """Split a trailing 万/亿/万亿 off a Chinese numeral run.

    Args:
        token: A Chinese numeral run such as ``一千二百万`` or ``三点五亿``.

    Returns:
        ``(head, magnitude)``; the magnitude is ``""`` when there is none or when the run is the
        magnitude alone (``万`` in 近万名 is the number 10000, not a unit prefix).
    """
    for mag in _BARE_MAGNITUDES:
        if token.endswith(mag) and len(token) > len(mag):
            return token[: -len(mag)], mag
    return token, ""


def parse_chinese(token: str) -> Decimal | None:
    """Return the value of a positional Chinese numeral, or ``None`` if it is not one.

    Handles 十二, 两百, 一千二百万, 一亿零五百万, 十二点五, 三点五亿 and a bare 万 (10000).
    Rejects plan names and lists: 十四五, 一二三, 百千万, and colloquial abbreviations (二百五).

    Args:
        token: A run of Chinese numeral characters, optionally with one 点 and decimal digits.

    Returns:
        The exact value as a Decimal, or ``None``.
    """
    if not token or len(token) > _MAX_CN_LEN:
        return None
    whole, dot, frac = token.partition("点")
    if not dot:
        number = _parse_int(token)
        return None if number is None else Decimal(number)
    frac, mag = split_magnitude(frac)
    number = _parse_int(whole)
    digits = parse_digit_sequence(frac)
    if number is None or digits is None:
        return None
    value = Decimal(number) + Decimal(f"0.{''.join(str(_SEQ_DIGITS[ch]) for ch in frac)}")
    return value * MAGNITUDE_SCALE[mag] if mag else value


def parse_chinese_scaled(token: str) -> tuple[Decimal, str] | None:
    """Return a Chinese numeral's value counted in its trailing magnitude, and that magnitude.

    Figures keep 万/亿 in the unit (一千二百万元 is 1200 万元, 三点五亿元 is 3.5 亿元), so the value is
    divided by the trailing magnitude. A bare 万 (近万名) has no magnitude and stays 10000.

    Args:
        token: A Chinese numeral run as accepted by :func:`parse_chinese`.

    Returns:
        ``(value, magnitude)`` with magnitude ``""``, ``"万"``, ``"亿"`` or ``"万亿"``, or ``None``.
    """
    value = parse_chinese(token)
    if value is None:
        return None
    _, mag = split_magnitude(token)
    return (value / MAGNITUDE_SCALE[mag] if mag else value), mag


def _parse_int(token: str) -> int | None:
    """Parse a positional integer; 亿 and 万 split it into sections, highest first."""
    if not token:
        return None
    for char, scale in (("亿", 10**8), ("万", 10**4)):
        head, sep, tail = token.partition(char)
        if sep:
            high = 1 if not head else _parse_int(head)
            low = _parse_low(tail, scale)
            if high is None or low is None:
                return None
            return high * scale + low
    return _parse_section(token)


def _parse_low(tail: str, scale: int) -> int | None:
    """Parse what follows 万/亿; a bare digit there (一万五) is colloquial and rejected."""
    if not tail:
        return 0
    if tail[0] in "〇零":
        rest = tail.lstrip("〇零")
        value = _parse_int(rest) if rest else 0
        return value if value is not None and value < scale // 10 else None
    value = _parse_int(tail)
    if value is None or not scale // 10 <= value < scale:
        return None
    return value


def _parse_section(token: str) -> int | None:
    """Parse a number below 10000 made of digits, 零 and 十/百/千."""
    if all(ch in _DIGITS for ch in token):
        return _DIGITS[token] if len(token) == 1 else None
    total, digit, last, after_zero = 0, None, 10**4, False
    for i, ch in enumerate(token):
        if ch in "〇零":
            if digit is not None:
                return None
            after_zero = True
        elif ch in _DIGITS:
            if digit is not None:
                return None
            digit = _DIGITS[ch]
        else:
            unit = _SMALL_UNITS.get(ch)
            if unit is None or unit >= last or (digit is None and i != 0):
                return None
            total += (1 if digit is None else digit) * unit
            digit, last = None, unit
    if digit is not None:
        if last > 10 and not after_zero:
            return None
        total += digit
    return total
