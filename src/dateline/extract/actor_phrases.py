"""Read one actor phrase: who owns it, who backs it, what sector it is, and its code.

The words of a phrase like "Iraq's anti-terrorism forces" or "Iranian-sponsored
militias" are matched against the knowledge base's aliases and lexicon, and
turned into an :class:`~dateline.model.Actor`. Both the article extractor
(:mod:`dateline.extract.actors`, over spaCy tokens) and :func:`code_actor_text`
(over a bare phrase) go through here, so a phrase is coded the same way
wherever it comes from. Nothing here looks at syntax: deciding which tokens
form a phrase is the extractor's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from dateline.knowledge.actors import (
    ActorEntry,
    ActorKB,
    AliasTarget,
    CaseMode,
    HeadWord,
    fold,
)
from dateline.model import Actor

OWNER_PRIORITY = {
    "entry": 0,
    "metonym": 0,
    "local": 0,
    "group": 1,
    "people": 2,
    "country": 2,
    "demonym": 2,
    "capital": 3,
}
"""Which reading of an ambiguous modifier names the owner: a named actor first."""

HEAD_ALIAS_KINDS = frozenset({"entry", "people"})
"""Alias kinds that can head an actor phrase on their own ("the peshmerga", "the Kurds")."""

DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "both",
        "all",
        "these",
        "those",
        "this",
        "that",
        "its",
        "their",
        "his",
        "her",
        "our",
        "some",
        "many",
        "several",
        "other",
        "such",
        "any",
        "each",
    ]
)
POSSESSIVE = frozenset({"'s", "'"})
DASHES = frozenset({"-", "--"})
COORDINATORS = frozenset({"and", "or", "&", ","})


# ---------------------------------------------------------------------------
# Alias matching over token sequences (compiled once per KB)
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Pattern:
    words: tuple[str, ...]
    texts: tuple[str, ...]
    case: CaseMode
    target: AliasTarget


@dataclass(frozen=True, slots=True)
class AliasMatch:
    """A KB alias found at tokens ``start:end`` with every reading it has."""

    start: int
    end: int
    targets: tuple[AliasTarget, ...]

    def first(self, kinds: frozenset[str] | set[str]) -> AliasTarget | None:
        found = [t for t in self.targets if t.kind in kinds]
        return min(found, key=lambda t: OWNER_PRIORITY[t.kind]) if found else None


@lru_cache(maxsize=1)
def _tokenizer():
    """spaCy's English tokenizer alone: aliases must split exactly as article text does."""
    import spacy

    return spacy.blank("en").tokenizer


@lru_cache(maxsize=4)
def _alias_index(kb: ActorKB) -> dict[str, tuple[_Pattern, ...]]:
    """Patterns keyed by their first folded word, longest first."""
    tokenize = _tokenizer()
    index: dict[str, list[_Pattern]] = {}
    for alias in kb.aliases:
        texts = tuple(t.text for t in tokenize(alias.text))
        words = tuple(fold_word(t) for t in texts)
        index.setdefault(words[0], []).append(_Pattern(words, texts, alias.case, alias.target))
    return {k: tuple(sorted(v, key=lambda p: -len(p.words))) for k, v in index.items()}


def fold_word(text: str) -> str:
    low = text.lower()
    return low if low.isascii() else fold(low)


def _match_aliases(words: list[str], texts: list[str], index: dict[str, tuple[_Pattern, ...]]) -> list[AliasMatch]:
    """Longest, leftmost, non-overlapping alias matches; all readings of the winning length."""
    matches = []
    i, n = 0, len(words)
    while i < n:
        best_len, targets = 0, []
        for pat in index.get(words[i], ()):
            size = len(pat.words)
            if size < best_len:
                break
            if tuple(words[i : i + size]) != pat.words or not _case_ok(pat, texts[i : i + size]):
                continue
            best_len = size
            if pat.target not in targets:
                targets.append(pat.target)
        if best_len:
            matches.append(AliasMatch(i, i + best_len, tuple(targets)))
            i += best_len
        else:
            i += 1
    return matches


def _case_ok(pat: _Pattern, texts: list[str]) -> bool:
    if pat.case == "exact":
        return tuple(texts) == pat.texts
    if pat.case == "capital":
        return texts[0][:1].isupper()
    return True


# ---------------------------------------------------------------------------
# Phrase description: shared by the Doc extractor and code_actor_text
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class Head:
    """The head of an actor phrase: a lexicon noun or a KB alias, at tokens ``start:end``."""

    start: int
    end: int
    word: HeadWord | None = None
    match: AliasMatch | None = None


@dataclass(slots=True)
class PhraseParts:
    """What the words of one actor phrase say about it."""

    country: str | None = None
    group: str | None = None
    religion: str | None = None
    entry: str | None = None
    head_entry: bool = False
    people: str | None = None
    sector: str | None = None
    role: str | None = None
    sponsor: str | None = None
    leader: str | None = None
    """The country in "<country>-led": the actor's own country when nothing else names one."""
    sector_modifier: str | None = None
    """The sector a modifier word implies ("police" -> COP), before the head decides."""
    modifiers: list[str] = field(default_factory=list)
    descriptor: list[str] = field(default_factory=list)

    @property
    def has_identity(self) -> bool:
        """True when the words name someone, not just a sector (used to split coordination)."""
        return bool(self.country or self.group or self.religion or self.entry or self.sector_modifier)


class Words:
    """Folded words, original texts and alias matches of a token sequence."""

    def __init__(self, texts: list[str], kb: ActorKB) -> None:
        self.texts = texts
        self.words = [fold_word(t) for t in texts]
        self.matches = _match_aliases(self.words, texts, _alias_index(kb))
        self.match_at: list[AliasMatch | None] = [None] * len(texts)
        for m in self.matches:
            for k in range(m.start, m.end):
                self.match_at[k] = m

    def starting_at(self, k: int) -> AliasMatch | None:
        m = self.match_at[k]
        return m if m is not None and m.start == k else None


def describe_phrase(kb: ActorKB, w: Words, tokens: list[int], head: Head | None) -> PhraseParts:
    """Read owner, sponsor, sector and descriptor from a phrase's modifier tokens and head."""
    lex = kb.lexicon
    parts = PhraseParts()
    words = w.words
    allowed = set(tokens)
    modifier_pos = -1
    k_iter = iter(sorted(allowed))
    skip_until = -1
    for k in k_iter:
        if k < skip_until:
            continue
        word = words[k]
        m = w.starting_at(k)
        if m is not None and m.end - 1 in allowed:
            skip_until = m.end
            follows = words[m.end : m.end + 2]
            verb = follows[1] if follows[:1] and follows[0] in DASHES and follows[1:] else None
            if verb is None and follows[:1] and m.end in allowed:
                verb = follows[0]
            if verb in lex.sponsor_words:
                parts.sponsor = parts.sponsor or _country_of(kb, m)
                if verb == "led":
                    parts.leader = parts.leader or parts.sponsor
                skip_until = m.end + (2 if follows[0] in DASHES else 1)
                continue
            if k >= 2 and words[k - 1] in DASHES and words[k - 2] in ("anti", "pro"):
                if words[k - 2] == "pro":
                    parts.sponsor = parts.sponsor or _country_of(kb, m)
                continue
            take_owner(kb, parts, m)
            continue
        prefix, _, verb = word.rpartition("-")
        if prefix and verb in lex.sponsor_words:
            sponsor = _lookup_country(kb, prefix)
            if sponsor:
                parts.sponsor = parts.sponsor or sponsor
                if verb == "led":
                    parts.leader = parts.leader or sponsor
                continue
        if word in DETERMINERS or word in POSSESSIVE or word in COORDINATORS:
            continue
        for size in (3, 2, 1):
            key = tuple(words[k : k + size])
            if len(key) == size and key in lex.modifiers and all(j in allowed for j in range(k, k + size)):
                parts.sector_modifier = lex.modifiers[key]["armed"]
                modifier_pos = k
                parts.modifiers.append(" ".join(key).replace(" - ", "-"))
                break
        else:
            if word.isalpha():
                parts.modifiers.append(word)
        parts.descriptor.append(word)
    if head is not None:
        _read_head(kb, w, parts, head, modifier_pos)
    return parts


def _read_head(kb: ActorKB, w: Words, parts: PhraseParts, head: Head, modifier_pos: int) -> None:
    lex = kb.lexicon
    head_words = w.words[head.start : head.end]
    parts.descriptor.extend(head_words)
    if head.match is not None:
        target = head.match.first(HEAD_ALIAS_KINDS)
        if target is not None and target.kind == "entry":
            parts.entry, parts.head_entry = target.code, True
        elif target is not None:
            parts.people = target.code
        return
    hw = head.word
    if hw is None:
        return
    parts.sector = hw.sector
    if hw.generic and modifier_pos >= 0:
        key = next(
            key for size in (3, 2, 1) if (key := tuple(w.words[modifier_pos : modifier_pos + size])) in lex.modifiers
        )
        parts.sector = lex.modifiers[key]["armed" if hw.armed else "civil"]
    title = lex.titles.get(tuple(head_words))
    if title is not None:
        parts.role = title.role


def take_owner(kb: ActorKB, parts: PhraseParts, m: AliasMatch) -> None:
    target = m.first(set(OWNER_PRIORITY))
    if target is None:
        return
    if target.kind in ("entry", "metonym"):
        parts.entry = parts.entry or target.code
    elif target.kind == "group" or (target.kind == "people" and target.code in kb.groups):
        if kb.groups[target.code].religion:
            parts.religion = parts.religion or target.code
        else:
            parts.group = parts.group or target.code
    else:
        parts.country = parts.country or target.code


def _country_of(kb: ActorKB, m: AliasMatch) -> str | None:
    target = m.first({"country", "demonym", "people", "capital"})
    if target is not None:
        return target.code
    entry = m.first({"entry"})
    return kb.entries[entry.code].country if entry else None


def _lookup_country(kb: ActorKB, text: str) -> str | None:
    for target in kb.lookup(text):
        if target.kind in ("country", "demonym", "people"):
            return target.code
    return None


def code_parts(kb: ActorKB, parts: PhraseParts, name: str) -> tuple[Actor, bool, str]:
    """Code a described phrase: a named entry, then group, country or religion + sector."""
    entry_code = parts.entry
    rule = "alias" if parts.head_entry else "group"
    if entry_code is None and parts.country:
        local = _local_entry(kb, parts)
        if local is not None:
            entry_code, rule = local.code, "alias:local"
    if entry_code is not None and not parts.head_entry and _is_party_government(kb, entry_code, parts):
        entry = kb.entries[entry_code]
        government = kb.compose(entry.country, "GOV", name=name, sponsor=parts.sponsor)
        return government.model_copy(update={"affiliations": [f"{entry.country}GOV", entry_code]}), True, "party"
    if entry_code is not None:
        named = kb.actor(entry_code)
        assert named is not None  # entry codes come from the KB itself
        if parts.sponsor and parts.sponsor != named.country and named.sponsor is None:
            named = named.model_copy(update={"sponsor": parts.sponsor})
        return named, True, rule
    if parts.people and not parts.sector:
        prefix = parts.group or parts.religion or parts.people
        actor = kb.compose(prefix, None, name=name, country=parts.country)
        if prefix in kb.countries:
            actor = actor.model_copy(update={"kind": "civilians"})
        return actor, True, "people"
    ranked = (
        (parts.group, "group"),
        (parts.country, "country"),
        (parts.religion, "religion"),
        (parts.leader, "leader"),
    )
    for owner, how in ranked:
        if owner:
            country = parts.country if owner != parts.country else None
            return kb.compose(owner, parts.sector, name=name, country=country, sponsor=parts.sponsor), True, how
    return kb.compose(None, parts.sector, name=name, sponsor=parts.sponsor), False, "uncoded"


def _is_party_government(kb: ActorKB, code: str, parts: PhraseParts) -> bool:
    """ "the ANC government" is South Africa's government, led by the party, not the party."""
    entry = kb.entries[code]
    return parts.sector == "GOV" and entry.sector in ("PTY", "OPP") and entry.country is not None


def _local_entry(kb: ActorKB, parts: PhraseParts) -> ActorEntry | None:
    if parts.country is None:
        return None
    words = parts.descriptor
    for i in range(len(words)):
        text = " ".join(words[i:]).replace(" - ", "-")
        entry = kb.local_alias(parts.country, text)
        if entry is not None:
            return entry
    return None


def code_actor_text(text: str, kb: ActorKB) -> Actor | None:
    """Code a bare actor phrase the way the extractor codes it in an article.

    Used where only a phrase is at hand (the PLOVER evaluation's actor texts,
    an event argument). Returns ``None`` when nothing in the phrase names or
    describes an actor; an uncoded :class:`~dateline.model.Actor` (``code=None``)
    when it describes one without saying whose it is.

    Example:
        >>> code_actor_text("Iraqi President Saddam Hussein", kb).code
        'IRQGOV'
        >>> code_actor_text("Iranian-sponsored militias", kb).sponsor
        'IRN'
    """
    texts = [t.text for t in _tokenizer()(text)]
    if not texts:
        return None
    w = Words(texts, kb)
    head = _first_head(kb, w)
    if head is None:
        for m in w.matches:
            target = m.first({"entry", "metonym", "country", "group", "people", "capital", "demonym"})
            if target is None:
                continue
            if target.kind in ("entry", "metonym"):
                return kb.actor(target.code)
            sector = "GOV" if target.kind == "capital" else None
            return kb.compose(target.code, sector, name=text.strip())
        return None
    parts = describe_phrase(kb, w, list(range(head.start)), head)
    if not (parts.country or parts.group or parts.entry or parts.religion):
        for m in w.matches:
            if m.start >= head.end:
                take_owner(kb, parts, m)
    actor, _coded, _rule = code_parts(kb, parts, text.strip())
    return actor


def _first_head(kb: ActorKB, w: Words) -> Head | None:
    """The head of a bare phrase: the last head of the first run of heads and modifiers."""
    head = None
    k = 0
    while k < len(w.words):
        found = head_at(kb, w, k)
        if found is not None:
            head = found
            k = found.end
            continue
        if head is not None:
            break
        k += 1
    return head


def head_at(kb: ActorKB, w: Words, k: int) -> Head | None:
    m = w.starting_at(k)
    if m is not None:
        if m.first(HEAD_ALIAS_KINDS) is not None:
            return Head(m.start, m.end, match=m)
        return None
    heads = kb.lexicon.heads
    for size in (3, 2, 1):
        key = tuple(w.words[k : k + size])
        if len(key) == size and key in heads and all(w.match_at[j] is None for j in range(k, k + size)):
            return Head(k, k + size, word=heads[key])
    return None
