"""The structure of the Vietnamese syllable: onset + rime + tone, and its spelling rules."""

from __future__ import annotations

from functools import lru_cache

from digitize.vietnamese.text import NANG, SAC, normalize, split_tone

ONSETS = (
    "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "qu", "th", "tr", "ch",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
)  # fmt: skip

# Rimes (medial + nucleus + final) as written, without tone, traditional spelling.
_RIME_TABLE = """
    a ai ao au ay am an ang anh ap at ac ach
    ăm ăn ăng ăp ăt ăc
    âu ây âm ân âng âp ât âc
    e eo em en eng ep et ec
    ê êu êm ên ênh êng êp êt êc êch
    i ia iu im in inh ip it ich
    iêu iêm iên iêng iêp iêt iêc
    yêu yêm yên yêng yêt
    o oi om on ong op ot oc oong ooc
    oao oa oai oay oam oan oang oanh oap oat oac oach
    oăm oăn oăng oăt oăc
    oe oeo oem oen oet
    ô ôi ôm ôn ông ôp ôt ôc ôông ôôc
    ơ ơi ơm ơn ơp ơt
    u ui um un ung up ut uc
    ua uôi uôm uôn uông uôt uôc
    uâ uây uân uâng uât
    uê uêu uên uênh uêt uêch
    uơ
    uy uya uyu uyn uynh uyt uych uyên uyêt
    ư ưi ưu ưm ưn ưng ưt ưc
    ưa ươi ươu ươm ươn ương ươp ươt ươc
    y ynh yt ych yn
"""
RIMES = frozenset(_RIME_TABLE.split())
_QU_ONLY = frozenset(("ynh", "yt", "ych", "yn"))  # quỳnh, quýt: y + final only after qu-

STOP_FINALS = ("ch", "p", "t", "c")
_FRONT = frozenset("eêiy")
_MEDIAL_RIMES = ("oa", "oă", "oe", "uâ", "uê", "uy", "uơ")
# After qu- the u is written once: the rime starts with the nucleus.
_AFTER_QU = frozenset("aăâeêiyơô")
ALPHABET = frozenset("abcdđeghiklmnopqrstuvxyăâêôơư")


def _onset_fits(onset: str, rime: str) -> bool:
    first = rime[0]
    if onset in ("k", "gh", "ngh"):
        return first in _FRONT
    if onset in ("c", "g", "ng"):
        if first in _FRONT:
            return False
        return not (onset == "c" and rime.startswith(_MEDIAL_RIMES))
    if onset == "qu":
        return first in _AFTER_QU
    if rime in _QU_ONLY:
        return False
    if onset == "gi":
        return first not in "iy"
    return True


def _parses(bare: str, tone: int) -> bool:
    for onset in ONSETS:
        if not bare.startswith(onset):
            continue
        rime = bare[len(onset) :]
        if onset == "gi" and (not rime or rime[0] not in "aăâeêioôơuưy"):
            rime = "i" + rime  # gì, gìn: the i of gi- is also the vowel
            onset = "g"
            if rime in RIMES and _tone_fits(rime, tone):
                return True
            continue
        if rime and rime in RIMES and _onset_fits(onset, rime) and _tone_fits(rime, tone):
            return True
    return bare in RIMES and bare not in _QU_ONLY and _tone_fits(bare, tone)


def _tone_fits(rime: str, tone: int) -> bool:
    if rime.endswith(STOP_FINALS):
        return tone in (SAC, NANG)
    return True


@lru_cache(maxsize=1 << 16)
def is_vietnamese_syllable(word: str) -> bool:
    """True when ``word`` is spelled like one Vietnamese syllable (any case, any tone placement).

    Checks the onset, the rime, the spelling rules (k/gh/ngh only before e ê i y; c/g/ng
    never before them) and that stop finals -p -t -c -ch carry only sắc or nặng.
    Letters outside the Vietnamese alphabet (f j w z ñ ä ...) make it invalid.
    """
    bare, tone = split_tone(normalize(word).lower())
    if tone < 0 or not bare or not ALPHABET.issuperset(bare):
        return False
    return _parses(bare, tone)
