"""The vocabulary the corrector trusts: hunspell-vi syllables, curated phrases, domain texts.

Unigram and word-bigram counts are kept on lower-case canonical syllables; candidates are
looked up by their accent-folded skeleton ("thu" -> thủ, thú, thu, thư, ...).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from digitize.errors import MissingDependencyError
from digitize.vietnamese.syllable import is_vietnamese_syllable
from digitize.vietnamese.text import fold, normalize

HUNSPELL_VI = Path("/usr/share/hunspell/vi_VN.dic")
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CURATED_FILES = ("vi_admin_phrases.txt", "vi_agencies.txt", "vi_places.txt", "vi_common_words.txt")
NAMES_FILE = "vi_names.txt"
# Files of proper names ("Sở Tài chính"): their pairs bind only within the name.
NAME_FILES = ("vi_agencies.txt", "vi_places.txt")

# Weights: a dictionary entry counts once; every curated or domain occurrence adds more.
DICTIONARY_COUNT = 1
PHRASE_COUNT = 3
FREQUENT_TOP_COUNT = 400  # weight of the most frequent syllable, falling with its rank

_SYLLABLE = re.compile(r"[^\W\d_]+")
# Pairs are counted across commas ("phòng, chống", "sửa đổi, bổ sung"), not across these.
_CHUNK_BREAK = re.compile(r"[:()\[\]\"“”.!?/]|\s-\s|\n")


@dataclass
class Lexicon:
    """Counts for the corrector. Picklable: ship it to worker processes as it is."""

    unigrams: dict[str, int] = field(default_factory=dict)
    bigrams: dict[tuple[str, str], int] = field(default_factory=dict)
    skeletons: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Pairs only ever seen inside longer fixed names, with the words that came next:
    # "sở tài" -> {"chính", "nguyên"}. Such a pair says nothing before any other word.
    bound_pairs: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)

    def __contains__(self, word: str) -> bool:
        return word in self.unigrams

    def count(self, word: str) -> int:
        """How often ``word`` (lower-case, canonical) was seen; 0 when unknown."""
        return self.unigrams.get(word, 0)

    def pair(self, left: str, right: str) -> int:
        """How often ``left right`` was seen as neighbours."""
        return self.bigrams.get((left, right), 0)

    def pair_before(self, left: str, word: str, right: str | None) -> int:
        """``pair(left, word)``, or 0 when that pair only occurs as the start of a longer
        name that ``right`` does not continue ("Sở Tài" before "cuộc")."""
        followers = self.bound_pairs.get((left, word))
        if followers is not None and right is not None and right not in followers:
            return 0
        return self.pair(left, word)

    def same_skeleton(self, word: str) -> tuple[str, ...]:
        """Known words that fold to the same key as ``word`` (itself included if known)."""
        return self.skeletons.get(fold(word), ())


def syllables(text: str) -> list[list[str]]:
    """Lower-case canonical syllables of ``text``, in chunks split at punctuation."""
    chunks = _CHUNK_BREAK.split(normalize(text))
    return [[w.lower() for w in _SYLLABLE.findall(chunk)] for chunk in chunks]


def _add_text(
    unigrams: Counter[str],
    bigrams: Counter[tuple[str, str]],
    text: str,
    weight: int,
    followers: dict[tuple[str, str], set[str | None]] | None = None,
) -> list[tuple[str, str]]:
    """Count the words and neighbour pairs of ``text``; return the pairs.

    ``followers``: also note which word came after each pair (None: the phrase ended).
    """
    pairs: list[tuple[str, str]] = []
    for chunk in syllables(text):
        for word in chunk:
            unigrams[word] += weight
        for index, pair in enumerate(pairwise(chunk)):
            bigrams[pair] += weight
            pairs.append(pair)
            if followers is not None:
                after = chunk[index + 2] if index + 2 < len(chunk) else None
                followers.setdefault(pair, set()).add(after)
    return pairs


def _read_lines(name: str) -> list[str]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _hunspell_words(path: Path) -> list[str]:
    if not path.exists():
        raise MissingDependencyError(
            f"Vietnamese dictionary {path} not found: install the Debian package hunspell-vi"
        )
    lines = path.read_text(encoding="utf-8").splitlines()[1:]  # first line: entry count
    return [line.split("/", 1)[0].strip() for line in lines if line.strip()]


def _sections(lines: list[str]) -> dict[str, list[str]]:
    """Lines grouped under ``[section]`` headers (those before any header under "")."""
    sections: dict[str, list[str]] = {}
    current = ""
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            current = stripped[1:-1]
            continue
        sections.setdefault(current, []).append(stripped)
    return sections


def build_lexicon(domain_texts: Iterable[str] = (), hunspell_path: Path = HUNSPELL_VI) -> Lexicon:
    """Build the corrector's vocabulary.

    ``domain_texts``: procedure names from the catalogue, agency and place names, anything
    the caller knows occurs in its documents; their words and neighbour pairs are counted.
    Raises MissingDependencyError when the hunspell-vi word list is not installed.
    """
    unigrams: Counter[str] = Counter()
    bigrams: Counter[tuple[str, str]] = Counter()
    followers: dict[tuple[str, str], set[str | None]] = {}  # pairs of proper names
    plain: set[tuple[str, str]] = set()  # pairs of ordinary phrases and domain texts
    for entry in _hunspell_words(hunspell_path):
        word = normalize(entry).lower()
        if is_vietnamese_syllable(word):  # skip abbreviations and loanwords (UBND, email)
            unigrams[word] += DICTIONARY_COUNT
    for name in CURATED_FILES:
        sections = _sections(_read_lines(name))
        for rank, word in enumerate(" ".join(sections.pop("tần suất", [])).split()):
            unigrams[normalize(word).lower()] += max(FREQUENT_TOP_COUNT // (1 + rank // 10), 10)
        for lines in sections.values():
            for line in lines:
                if name in NAME_FILES:
                    _add_text(unigrams, bigrams, line, PHRASE_COUNT, followers)
                else:
                    plain.update(_add_text(unigrams, bigrams, line, PHRASE_COUNT))
    _add_names(unigrams, bigrams)
    for text in domain_texts:
        plain.update(_add_text(unigrams, bigrams, text, PHRASE_COUNT))
    skeletons: dict[str, list[str]] = {}
    for word in unigrams:
        skeletons.setdefault(fold(word), []).append(word)
    # A pair that ended a name somewhere, or that ordinary phrases use too, is free; the
    # others bind ("sở tài" is only ever "Sở Tài chính" or "Sở Tài nguyên ...").
    free = {pair for pair, after in followers.items() if None in after}
    bound = {
        pair: frozenset(word for word in after if word is not None)
        for pair, after in followers.items()
        if pair not in free and pair not in plain
    }
    return Lexicon(
        unigrams=dict(unigrams),
        bigrams=dict(bigrams),
        skeletons={key: tuple(words) for key, words in skeletons.items()},
        bound_pairs=bound,
    )


def _add_names(unigrams: Counter[str], bigrams: Counter[tuple[str, str]]) -> None:
    """Surnames, middle and given names; pairs surname+middle and middle+given are likely."""
    sections = _sections(_read_lines(NAMES_FILE))
    surnames, middles, givens = (
        normalize(" ".join(sections.get(key, []))).lower().split()
        for key in ("họ", "tên đệm", "tên")
    )
    for word in surnames + middles + givens:
        unigrams[word] += PHRASE_COUNT
    for surname in surnames:
        for middle in middles:
            bigrams[(surname, middle)] += 1
    for middle in middles:
        for given in givens:
            bigrams[(middle, given)] += 1


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon without domain texts, built once per process."""
    return build_lexicon()
