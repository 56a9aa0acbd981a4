"""Coding rules per code, KH Coder style: words (as lemmas), strings, AND / OR / NOT, near, seq.

A rule is what a researcher writes in the code editor (or in the codebook sheet)::

    補助金 OR 交付金 OR "地方交付税" OR seq(財政, 支援)
    (体制 AND (職員 OR 人員)) AND NOT 推進体制
    near(情報, 共有, 3)

A bare word is looked up by its Sudachi normalized form, so 交付 finds 交付した and 交付金's
交付; a quoted string ("…" or 「…」) must appear as written (full- and half-width alike, line
breaks ignored). `near(a, b, n)`: a and b at most n content words apart (either order,
n defaults to 5); `seq(a, b, …)`: the words directly one after the other (particles do not
count, so seq(情報, 共有) finds 情報の共有). NOT binds tighter than AND, AND than OR.

A passage is matched on its lemma set first (the search index already holds it), and only
`near`, `seq` and words that are several lemmas long need the passage analysed again, so
a rule runs over twenty thousand passages in well under a second.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from annotator.errors import InvalidInputError
from annotator.search.tokens import LemmaStream, lemma_stream, rule_forms

NEAR_DEFAULT = 5

_TOKEN = re.compile(r"""\s*(?:(?P<open>\()|(?P<close>\))|(?P<comma>[,，、])
    |"(?P<dq>[^"]*)"|「(?P<jq>[^」]*)」|(?P<op>&&?|\|\|?|!)|(?P<word>[^\s()"「」,，、&|!]+))""",
                    re.VERBOSE)


class RuleError(InvalidInputError):
    """A rule that cannot be read; the message names where and what."""


class Passage:
    """One passage as rules see it: its text, its lemma set, its lemma stream (made lazily)."""

    def __init__(self, text: str, terms: frozenset[str] | None = None,
                 stream: LemmaStream | None = None) -> None:
        self.text = text
        self._stream = stream
        self._terms = terms

    @cached_property
    def flat(self) -> str:
        """The text for string matching: NFKC, case-folded, line breaks taken out."""
        return unicodedata.normalize("NFKC", self.text.replace("\n", "")).casefold()

    @property
    def stream(self) -> LemmaStream:
        if self._stream is None:
            self._stream = lemma_stream(self.text)
        return self._stream

    @property
    def terms(self) -> frozenset[str]:
        if self._terms is None:
            self._terms = self.stream.terms()
        return self._terms


Hit = list[str]  # the words and strings that fired, for the tooltip (empty for NOT x)


class Node:
    def match(self, passage: Passage) -> Hit | None:
        raise NotImplementedError

    def words(self) -> list[Word]:
        return []


@dataclass
class Word(Node):
    """A bare word: any of its alternatives (`rule_forms`) as consecutive lemmas."""

    text: str
    forms: tuple[tuple[str, ...], ...] = ()

    def match(self, passage: Passage) -> Hit | None:
        return [self.text] if self.spans(passage, first_only=True) else None

    def spans(self, passage: Passage, *, first_only: bool = False) -> list[tuple[int, int]]:
        """(first part, end part) of each place the word stands in the stream."""
        terms = passage.terms
        found: list[tuple[int, int]] = []
        for alternative in self.forms:
            if not all(form in terms for form in alternative):
                continue
            if len(alternative) == 1 and first_only:
                return [(0, 1)]  # the lemma set says enough; no need to analyse
            found.extend(_places(passage.stream, alternative))
            if found and first_only:
                return found
        return sorted(set(found))

    def words(self) -> list[Word]:
        return [self]


@dataclass
class Literal(Node):
    text: str

    @cached_property
    def folded(self) -> str:
        return unicodedata.normalize("NFKC", self.text).casefold()

    def match(self, passage: Passage) -> Hit | None:
        return [f"「{self.text}」"] if self.folded in passage.flat else None


@dataclass
class Near(Node):
    a: Word
    b: Word
    distance: int = NEAR_DEFAULT

    def match(self, passage: Passage) -> Hit | None:
        first = self.a.spans(passage)
        second = self.b.spans(passage) if first else []
        for a_start, a_end in first:
            for b_start, b_end in second:
                gap = b_start - a_end if b_start >= a_end else a_start - b_end
                if gap <= self.distance and (a_start, a_end) != (b_start, b_end):
                    return [f"near({self.a.text}, {self.b.text}, {self.distance})"]
        return None

    def words(self) -> list[Word]:
        return [self.a, self.b]


@dataclass
class Seq(Node):
    items: list[Word]

    def match(self, passage: Passage) -> Hit | None:
        ends = {end for _start, end in self.items[0].spans(passage)}
        for item in self.items[1:]:
            if not ends:
                return None
            ends = {end for start, end in item.spans(passage) if start in ends}
        return [f"seq({', '.join(w.text for w in self.items)})"] if ends else None

    def words(self) -> list[Word]:
        return list(self.items)


@dataclass
class Not(Node):
    inner: Node

    def match(self, passage: Passage) -> Hit | None:
        return None if self.inner.match(passage) is not None else []

    def words(self) -> list[Word]:
        return self.inner.words()


@dataclass
class And(Node):
    items: list[Node]

    def match(self, passage: Passage) -> Hit | None:
        hits: Hit = []
        for item in self.items:
            hit = item.match(passage)
            if hit is None:
                return None
            hits.extend(hit)
        return hits

    def words(self) -> list[Word]:
        return [w for item in self.items for w in item.words()]


@dataclass
class Or(Node):
    items: list[Node]

    def match(self, passage: Passage) -> Hit | None:
        hits: Hit | None = None
        for item in self.items:
            hit = item.match(passage)
            if hit is not None:
                hits = (hits or []) + hit
        return hits

    def words(self) -> list[Word]:
        return [w for item in self.items for w in item.words()]


def _places(stream: LemmaStream, forms: Sequence[str]) -> list[tuple[int, int]]:
    """Where `forms` stand one after the other, each as a short word or a whole compound."""
    starting: dict[int, list[tuple[int, frozenset[str]]]] = {}
    for first, count, compound in stream.compounds:
        starting.setdefault(first, []).append((count, compound))

    def ends(at: int, rest: Sequence[str]) -> list[int]:
        if not rest:
            return [at]
        if at >= len(stream.parts):
            return []
        out = ends(at + 1, rest[1:]) if rest[0] in stream.parts[at] else []
        for count, compound in starting.get(at, ()):
            if rest[0] in compound:
                out += ends(at + count, rest[1:])
        return out

    return [(start, end) for start in range(len(stream.parts)) for end in ends(start, forms)]


@dataclass
class Rule:
    """A parsed rule; `match` says which of its words fired, or None."""

    source: str
    root: Node
    _words: list[Word] = field(default_factory=list, repr=False)

    def match(self, passage: Passage) -> Hit | None:
        return self.root.match(passage)

    def why(self, hit: Hit) -> str:
        return "rule: " + (", ".join(dict.fromkeys(hit)) if hit else self.source)


# parsing ---------------------------------------------------------------------------------------

@dataclass
class _Token:
    kind: str  # open close comma string word and or not near seq end
    text: str
    at: int  # 1-based character position, for messages


def _tokens(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    at = 0
    while at < len(source):
        match = _TOKEN.match(source, at)
        if match is None or match.end() == at:
            rest = source[at:].strip()
            if not rest:
                break
            where = len(source) - len(source[at:].lstrip()) + 1
            quote = "a quote is not closed" if rest[0] in "\"「" else f"unexpected {rest[0]!r}"
            raise RuleError(f"rule: at character {where}: {quote}")
        kind = match.lastgroup or ""
        value = match.group(kind)
        position = match.start(kind) + 1
        at = match.end()
        if kind in ("dq", "jq"):
            if not value.strip():
                raise RuleError(f"rule: at character {position}: an empty quoted string")
            tokens.append(_Token("string", value, position))
        elif kind == "op":
            tokens.append(_Token({"&": "and", "&&": "and", "|": "or", "||": "or",
                                  "!": "not"}[value], value, position))
        elif kind == "word":
            upper = value.upper()
            if upper in ("AND", "OR", "NOT"):
                tokens.append(_Token(upper.lower(), value, position))
            elif value.lower() in ("near", "seq") and source[at:].lstrip().startswith("("):
                tokens.append(_Token(value.lower(), value, position))
            else:
                tokens.append(_Token("word", value, position))
        else:
            tokens.append(_Token(kind, value, position))
    tokens.append(_Token("end", "", len(source) + 1))
    return tokens


class _Parser:
    def __init__(self, source: str, resolve: Callable[[str], tuple[tuple[str, ...], ...]]):
        self.tokens = _tokens(source)
        self.at = 0
        self.resolve = resolve

    @property
    def next(self) -> _Token:
        return self.tokens[self.at]

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def fail(self, what: str) -> RuleError:
        token = self.next
        found = "the end of the rule" if token.kind == "end" else repr(token.text)
        return RuleError(f"rule: at character {token.at}: expected {what}, found {found}")

    def expect(self, kind: str, what: str) -> _Token:
        if self.next.kind != kind:
            raise self.fail(what)
        return self.take()

    def either(self) -> Node:
        items = [self.both()]
        while self.next.kind == "or":
            self.take()
            items.append(self.both())
        return items[0] if len(items) == 1 else Or(items)

    def both(self) -> Node:
        items = [self.negated()]
        while self.next.kind == "and":
            self.take()
            items.append(self.negated())
        return items[0] if len(items) == 1 else And(items)

    def negated(self) -> Node:
        if self.next.kind == "not":
            self.take()
            return Not(self.negated())
        return self.atom()

    def atom(self) -> Node:
        token = self.next
        if token.kind == "open":
            self.take()
            inner = self.either()
            self.expect("close", "')'")
            return inner
        if token.kind == "string":
            self.take()
            return Literal(token.text)
        if token.kind == "word":
            return self.word()
        if token.kind in ("near", "seq"):
            return self.function(token.kind)
        raise self.fail("a word, a quoted string, '(', NOT, near( or seq(")

    def word(self) -> Word:
        token = self.next
        if token.kind == "string":
            raise RuleError(f"rule: at character {token.at}: near() and seq() take words, "
                            f"not quoted strings")
        token = self.expect("word", "a word")
        forms = self.resolve(token.text)
        if not forms:
            raise RuleError(f"rule: at character {token.at}: {token.text!r} has no content "
                            f"word to look for (only particles or punctuation)")
        return Word(token.text, forms)

    def function(self, name: str) -> Node:
        self.take()
        self.expect("open", "'('")
        words = [self.word()]
        distance: int | None = None
        while self.next.kind == "comma":
            self.take()
            if name == "near" and len(words) == 2:
                token = self.expect("word", "a number of words")
                if not token.text.isdigit():
                    raise RuleError(f"rule: at character {token.at}: the distance of near() "
                                    f"must be a whole number, not {token.text!r}")
                distance = int(token.text)
                break
            words.append(self.word())
        self.expect("close", "')'")
        if name == "near":
            if len(words) != 2:
                raise RuleError(f"rule: near() takes two words and a distance, got "
                                f"{len(words)} word(s)")
            return Near(words[0], words[1], NEAR_DEFAULT if distance is None else distance)
        if len(words) < 2:
            raise RuleError("rule: seq() takes two or more words")
        return Seq(words)


def parse(source: str, *, resolve: Callable[[str], tuple[tuple[str, ...], ...]] = rule_forms,
          ) -> Rule | None:
    """The rule in `source`, or None for an empty one; RuleError says what is wrong."""
    if not source.strip():
        return None
    parser = _Parser(source, resolve)
    root = parser.either()
    if parser.next.kind != "end":
        raise parser.fail("AND, OR or the end of the rule")
    return Rule(source.strip(), root, root.words())


def check(source: str) -> None:
    """Raise RuleError if `source` is not a rule (syntax only: no dictionary needed)."""
    parse(source, resolve=lambda word: ((word,),))
