"""The speakers of one article: each source once, found again by surname, head noun or pronoun.

A `Speaker` keeps the fullest mention of a source ("Sen. Ben Sasse", not
"Sasse"), its type as given by the role words of its fullest mention ("R-Neb."
makes it official, "an analyst at" a commentator) and the aliases later
sentences use for it: the surname of a person, the names and head nouns of an
organisation ("the company", "the ministry"). `SpeakerRegistry` adds mentions
and resolves pronouns, surnames and generic heads to the speaker they mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from sourcelens.annotate import lexicons

_WORD = re.compile(r"[\w'’\-]+")
_DETERMINERS = {"the", "a", "an", "its", "his", "her", "their", "our", "this", "that"}
_TIME_NAMES = {*lexicons.WEEKDAYS, *lexicons.MONTHS, "last", "on", "in"}
"""Capitalised words after "the group" that are when, not who ("Police dispersed the group Tuesday")."""
_PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
_ORG_PRONOUNS = {"it", "they", "we"}
_COMPANY = re.compile(r"\b(?:[A-Z][\w’'&-]+\s+){1,3}(?:" + "|".join(lexicons.ORG_SUFFIXES) + r")\b")
_PROPER = re.compile(r"(?<![\w’'])[A-Z][\w&’'.-]*(?:\s+(?:of\s+|for\s+|and\s+|&\s+)?[A-Z][\w&’'.-]*){0,6}")
_LEADING = re.compile(r"^(?:(?:The|A|An|In|On|At|After|Before|But|And|As|For|By|With|From|Its|His|Her|Their|This|That|When|While|If)\s+)+")
_NOT_ORG_NAMES = set("i he she it we they the a an in on at but and as for this that mr mrs ms dr".split()) | {*lexicons.WEEKDAYS, *lexicons.MONTHS}
_ACRONYM = re.compile(r"[A-Z]{2,6}|(?:[A-Z]\.){2,5}")
_PRONOUN_GENDER = {"he": "he", "him": "he", "his": "he", "she": "she", "her": "she"}
_NOT_NAMES = _DETERMINERS | {"in", "on", "at", "of", "for", "and", "but", "as", "after", "asked", "some", "many", "two", "three"} | {
    w for w in lexicons.OFFICIAL_ROLES + lexicons.COMMENTATOR_ROLES if " " not in w and w not in lexicons.ORG_HEADS
}


def _words(text: str) -> list[str]:
    return [w.strip("'’-") for w in _WORD.findall(text) if w.strip("'’-")]


def _capitalised(text: str) -> list[str]:
    """The name words of a mention, titles and possessives stripped ("Sen. Ben Sasse" -> Ben, Sasse)."""
    out = []
    for word in _words(text):
        bare = re.sub(r"[’']s$", "", word)
        lowered = bare.lower()
        if bare[:1].isupper() and lowered not in lexicons.TITLES | _NOT_NAMES and lowered not in lexicons.PRONOUNS:
            out.append(bare)
    return out


_SPEAKS_FOR = re.compile(r"\bspokes(?:man|woman|person)\b|\brepresentative\b", re.I)
"""A spokesperson is "they" too ("Kym Lino, a spokesperson for the app, ... they said in an email")."""
_PLURAL_WORD = re.compile(r"[A-Za-z]+[^s’']s")
"""A word in the plural: it ends in "s", not in "ss" or a possessive."""
_GROUP_WORDS = lexicons.VAGUE_HEADS | lexicons.GROUP_HEADS


def _plural_head(name: str) -> bool:
    """A plural noun heads the mention ("Analysts at Sierra Capital", "Lawyers for the family"): "they" means them first."""
    words = _words(name)
    if not words or words[0].lower() in lexicons.PRONOUNS or not _PLURAL_WORD.fullmatch(words[0]):
        return False
    head = words[0]
    return head.lower() in _GROUP_WORDS or head[:1].islower() or len(words) > 1 and words[1].lower() in {"at", "for", "of", "from", "with"}


_QUANTIFIERS = {"some", "many", "several", "most", "few", "both", "all", "two", "three", "four", "five", "dozens", "hundreds", "other", "others"}


def _plural(speaker: Speaker | None) -> bool:
    """A group ("Some members of Congress", "Several officials") that "he" or "she" cannot mean."""
    if speaker is None:
        return True
    first = _words(speaker.name)[:1]
    return speaker.kind == "group" or bool(first) and first[0].lower() in _QUANTIFIERS


_PERSON_HEADS = lexicons.PERSON_NOUNS | {w for w in lexicons.ROLE_HEADS | lexicons.TITLES if not w.endswith("s")} | {
    "neighbour", "neighbor", "engineer", "worker", "employee", "official", "expert", "teacher", "student", "nurse", "doctor", "spokesperson",
    "trader", "shopkeeper", "vendor", "driver", "passenger", "farmer", "friend", "relative", "parent", "shopper", "customer", "protester",
    "volunteer", "pilot", "soldier", "fisherman", "miner", "activist", "eyewitness", "bystander", "diplomat"}


def _last_title(words: list[str]) -> int | None:
    """Where the last title stands in a mention's words ("Jefferson County District Attorney Laura Mercer": 3)."""
    return next((i for i in range(len(words) - 1, -1, -1) if words[i].lower() in lexicons.TITLES), None)


def _titled_name(words: list[str]) -> bool:
    """A title followed by a personal name of one to three capitalised words, none a body's."""
    title = _last_title(words)
    if title is None:
        return False
    name = words[title + 1 :]
    return 1 <= len(name) <= 3 and all(w[:1].isupper() and w.lower() not in lexicons.ORG_HEADS and w.lower() not in _NOT_NAMES for w in name) and (
        len(name) >= 2 or title > 0)


def kind_of(text: str) -> str:
    """person, org or group ("analysts", "officials") for one mention."""
    lowered = [w.lower() for w in _words(text)]
    if not lowered:
        return "group"
    if lowered[0] in _PERSON_PRONOUNS:
        return "person"
    head = next((lowered[i - 1] for i, w in enumerate(lowered) if i > 1 and w in {"at", "of", "for", "from", "in", "with", "who"}), lowered[-1])
    if lowered[0] in {"a", "an", "one", "the"} and head in _PERSON_HEADS:
        return "person"  # "a neighbour", "the spokeswoman": "she" can mean them
    if _titled_name(_words(text)):
        return "person"  # "Metropolitan Police Commissioner Mark Rowley": the body is in the title
    if set(lowered) & lexicons.ORG_HEADS or lowered[0] in _ORG_PRONOUNS:
        return "org"
    names = _capitalised(text)
    if len(names) >= 2 or (names and lowered[0] in lexicons.TITLES):
        return "person"
    return "org" if names or lowered[0] in _DETERMINERS else "group"


_AFTER_HEAD = {"of", "for", "in", "at", "with", "by", "from", "on", "that", "which", "who", "whose", "popular", "known", "famous", "based",
               "founded", "owned", "run", "used", "behind", "best"}


_BODY_APPOSITIVE = re.compile(r",\s+(?:the|a|an)\s+([^,;]+)")


def _described_as_body(written: str, context: str) -> bool:
    """The mention's appositive names a kind of body ("Pennywise, the budgeting app popular with students", "Millbrook
    Water, a utility"); not a person's role ("John Smith, the company founder")."""
    context = context.strip()
    found = _BODY_APPOSITIVE.match(context[len(written) :]) if context.startswith(written) else None
    if found is None:
        return False
    words = found.group(1).lower().split()
    head = next((words[i - 1] for i, w in enumerate(words) if i > 0 and w in _AFTER_HEAD), words[-1])
    return head.strip("’'") in lexicons.BODY_HEADS


@dataclass
class Speaker:
    name: str
    """The fullest mention of the source in the article so far."""
    type: str
    named: bool
    kind: str
    context: str = ""
    aliases: set[str] = field(default_factory=set)
    pronoun: str | None = None
    """"he" or "she" as a pronoun already named this person; else `gender` reads the title or first name."""

    def absorb(self, written: str, context: str, kind: str, type_: str) -> None:
        """A later mention: keep the fuller name and the type from the fuller role."""
        if kind == self.kind and len(_capitalised(written)) > len(_capitalised(self.name)):
            self.name = written
        if type_ != "unknown" and (self.type == "unknown" or len(context) > len(self.context)):
            self.type, self.context = type_, context
        self.aliases |= _aliases(written, context, kind)

    @property
    def gender(self) -> str | None:
        """The pronoun this person takes ("he"/"she"), None when nothing says."""
        return self.pronoun or (gender_of(self.name) if self.kind == "person" else None)

    @property
    def surely(self) -> str | None:
        """The pronoun this person takes when a pronoun, an honorific or an unambiguous first name says so: enough to
        rule them out for the other pronoun ("he" never means Ann Cole; a "mostly male" name may be a woman's)."""
        return self.pronoun or (gender_of(self.name, strict=True) if self.kind == "person" else None)

    @property
    def label_type(self) -> str:
        """Decision 10: a named person with no official role is a commentator."""
        return "commentator" if self.type == "unknown" and self.kind == "person" and self.named else self.type


_HONORIFIC_GENDER = {"mr": "he", "mrs": "she", "ms": "she", "miss": "she", "sir": "he", "dame": "she", "lord": "he", "lady": "she"}


@lru_cache(maxsize=1)
def _first_names():
    """gender-guesser's first-name table (loaded on the first pronoun that needs it: about 0.2 s)."""
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


def gender_of(written: str, strict: bool = False) -> str | None:
    """The pronoun a person mention takes: from an honorific ("Ms."), else the first name when it is
    clearly one gender in gender-guesser's table (only "male"/"female" when `strict`, not "mostly_");
    None when unknown."""
    words = _words(written)
    for word in words:
        if word.lower().rstrip(".") in _HONORIFIC_GENDER:
            return _HONORIFIC_GENDER[word.lower().rstrip(".")]
    title = _last_title(words)
    names = _capitalised(" ".join(words[title + 1 :]) if title is not None else written)  # "... District Attorney Laura Mercer": Laura
    if len(names) < 2 or names[0].lower() in lexicons.FAMILY_NAME_FIRST:
        return None
    guess = _first_names().get_gender(names[0])
    return {"male": "he", "female": "she", **({} if strict else {"mostly_male": "he", "mostly_female": "she"})}.get(guess)


def _aliases(written: str, context: str, kind: str) -> set[str]:
    names = _capitalised(written)
    if kind == "person":  # the surname, and a role it was given: "the minister", "the spokesman"
        roles = {w.lower() for w in _words(written + " " + context)} & (lexicons.TITLES - {"chief", "general", "major"})
        return ({names[-1].lower()} if names else set()) | roles
    heads = {w.lower() for w in _words(written + " " + context)} & lexicons.ORG_HEADS
    return heads | {n.lower() for n in names if n.lower() not in lexicons.ORG_HEADS}


_NAMED_WITH_ROLE = re.compile(
    r"(?P<pre>(?:\b[a-z][\w’'-]*\s+){0,3})"  # "the agency's director", "prosecutor"
    r"(?P<name>(?:[A-Z][\w.’'-]*\s+){1,6}(?P<surname>[A-Z][\w’'-]+))"
    r"(?P<app>,\s+(?:who\s+|the\s+|a\s+|an\s+|its\s+|[RDI]-)[^,;:\"“”]{2,100}?(?=,|\.|;|$)"
    r"|,\s+[A-Z][^,;:\"“”]{2,100}?\s(?:officer|director|spokes(?:man|woman|person)|executive|manager|secretary|commissioner|administrator|"
    r"analyst|economist|professor|coordinator|chief|head|chair|adviser|advisor)(?=,|\.|;|$))?"  # "Julie Graham, Washington State Department of Health public information officer,"
)


def surname_key(surname: str) -> str:
    """How a surname is looked up in `article_roles`: lower case, without a possessive ("Sasse's" -> "sasse")."""
    return surname.lower().removesuffix("’s").removesuffix("'s")


def article_roles(texts: list[str]) -> dict[str, tuple[str, str]]:
    """Each surname the article gives with more than the name, as (fullest name, role words): "Sasse" ->
    ("Sen. Ben Sasse", "Sen. Ben Sasse, R-Neb."), wherever in the article that mention stands, so a speaker
    quoted only as "Sasse" gets the role of the mention that introduced him (issue: article-aware attribution)."""
    roles: dict[str, tuple[str, str]] = {}
    for text in texts:
        for match in _NAMED_WITH_ROLE.finditer(text):
            name = match.group("name").strip()
            if len(_capitalised(name)) < 2 and not match.group("app"):
                continue
            context = " ".join(p for p in (match.group("pre").strip(), name + (match.group("app") or "")) if p)
            surname = surname_key(match.group("surname"))
            if len(context) > len(roles.get(surname, ("", ""))[1]):
                roles[surname] = (name, context)
    return roles


class SpeakerRegistry:
    """Every source that has spoken in an article, the most recent last."""

    def __init__(self) -> None:
        self.speakers: list[Speaker] = []
        self.last: Speaker | None = None
        self.people: list[Speaker] = []
        """Named people who have spoken, the most recent last: "he" and "she" mean the latest whose gender fits."""

    def recent(self, kind: str) -> Speaker | None:
        if self.last is not None and self.last.kind == kind and self.last.named:
            return self.last
        return next((s for s in reversed(self.speakers) if s.kind == kind and s.named), None)

    def resolve(self, written: str) -> Speaker | None:
        """The earlier speaker that `written` ("He", "Sasse", "the ministry", "the statement") refers back to."""
        words = [w.lower() for w in _words(written)]
        if not words:
            return None
        if words[0] in {"his", "her"} and len(words) > 1:
            return None  # "her husband", "his lawyer": someone else, not the person "her" means
        if words[0] in _PERSON_PRONOUNS:
            gender = _PRONOUN_GENDER[words[0]]
            person = self._person(gender) or self.recent("person")
            if person is not None:
                return person if person.surely in {gender, None} else None  # "he" never means Ann Cole
            return None if _plural(self.last) else self.last
        if words[0] in {"they", "their"} and (group := self._they_after_a_person()):
            return group
        if words[0] in lexicons.PRONOUNS:
            return self.last
        content = [w for w in words if w not in _DETERMINERS]
        if not content:
            return None
        if words[0] in _DETERMINERS and content[-1] in lexicons.DOCUMENT_HEADS:
            return self.recent("org") or self.last  # "the statement said", "the report added"
        names = [n.lower() for n in _capitalised(written)]
        for speaker in reversed(self.speakers):
            if not speaker.named:
                continue
            if names and names[-1] in speaker.aliases and (speaker.kind == "person" or len(names) <= 2):
                return speaker
            if not names and words[0] in _DETERMINERS and content[-1] in speaker.aliases:
                return speaker  # "the company", "the ministry"
        return None

    def _they_after_a_person(self) -> Speaker | None:
        """Whom "they" means when the last speaker is one person the article knows as he or she (not a spokesperson, whose
        "they" is singular): a plural source among the last four ("Analysts at X ... they wrote"), else the latest named
        body ("..., they said in a statement on their website")."""
        last = self.last
        if last is None or last.kind != "person" or last.surely is None or _SPEAKS_FOR.search(last.context):
            return None
        return next((s for s in reversed(self.speakers[-4:]) if _plural_head(s.name)), None) or next(
            (s for s in reversed(self.speakers) if s.named and s.gender is None and _capitalised(s.name)), None)

    def add(self, written: str, context: str, type_: str, named: bool) -> Speaker:
        """The speaker of a new mention: an earlier one it refers to, or a new entry."""
        kind = kind_of(written)
        if kind == "person" and (_described_as_body(written, context) or type_ == "media" and written.lower().startswith("the ")):
            kind = "org"  # "Millbrook Water, the council-owned utility", "The Dunmore Echo": capitalised words, but a body
        earlier = self.resolve(written)
        if earlier is not None and (type_ == "media") != (earlier.type == "media") and "unknown" not in (type_, earlier.type):
            earlier = None  # an outlet is never the body it reports on ("a business daily citing the gazette notice")
        if earlier is not None and (type_ == "unknown" or len(written.split()) <= 4 or earlier.kind == kind):
            earlier.absorb(written, context, kind, type_)
            return earlier
        speaker = Speaker(written, type_, named, kind, context, _aliases(written, context, kind))
        self.speakers.append(speaker)
        return speaker

    def _person(self, gender: str) -> Speaker | None:
        """The person "he"/"she" means: of the last two active people, the one known to be of that gender; else the
        latest the pronoun does not rule out (`Speaker.surely`: a name table's guess is not enough to skip them)."""
        recent = self.people[::-1]
        return next((p for p in recent[:2] if p.gender == gender), next((p for p in recent if p.surely in {gender, None}), None))

    def _activate(self, speaker: Speaker) -> None:
        if speaker.kind == "person" and speaker.named:
            if speaker in self.people:
                self.people.remove(speaker)
            self.people.append(speaker)

    def spoke(self, speaker: Speaker, pronoun: str | None = None) -> None:
        """The speaker of the latest sentence; `pronoun`, the mention that named them here: "he"/"she" teaches their gender."""
        self.last = speaker
        if pronoun in ("he", "she") and speaker.kind == "person" and speaker.gender is None:
            speaker.pronoun = pronoun
        self._activate(speaker)

    def company_named(self, texts: list[str]) -> str | None:
        """The latest company the article names by its legal form ("Harlow Foods Ltd"): what "the company" means first."""
        for text in reversed(texts):
            found = _COMPANY.findall(text)
            if found:
                return found[-1].strip()
        return None

    def most_named(self, texts: list[str]) -> str | None:
        """The name the article has used most so far, people and places left out ("Apple" in a story on
        Apple's results): what "the company" means when no company has spoken yet."""
        counts: dict[str, int] = {}
        for text in texts:
            for match in _PROPER.finditer(text):
                name = _LEADING.sub("", match.group(0)).strip()
                words = name.split()
                if not words or name.lower() in _NOT_ORG_NAMES or words[0].lower() in _NOT_ORG_NAMES or kind_of(name) == "person" or gender_of(name):
                    continue
                counts[name] = counts.get(name, 0) + 1
        if not counts:
            return None
        best = max(counts.values())
        return best >= 2 and next(n for n in reversed(list(counts)) if counts[n] == best) or None

    def spelled_out(self, written: str, texts: list[str]) -> str | None:
        """ "the FDA" as the article spelled it out earlier ("the Food and Drug Administration"), or None."""
        acronym = next((w for w in _words(written) if _ACRONYM.fullmatch(w)), None)
        if acronym is None:
            return None
        letters = acronym.replace(".", "").upper()
        for text in reversed(texts):
            for match in _PROPER.finditer(text):
                written_words = match.group(0).split()
                content = [i for i, w in enumerate(written_words) if w.lower() not in {"of", "for", "and", "&", "the"}]
                for a in range(len(content)):
                    for b in range(a + 2, len(content) + 1):  # "Centers for Disease Control (and Prevention)" is the CDC
                        if "".join(written_words[i][0] for i in content[a:b]).upper() == letters:
                            return " ".join(written_words[content[a] : content[b - 1] + 1])
        return None

    def described_as(self, head: str, texts: list[str]) -> str | None:
        """The name an earlier sentence gave the kind "the <head>" names: "Relief Without Borders, an aid group that ..."
        or "the Nairobi sports website Kasi Sports" for "the group", "the website"."""
        modifier = r"(?:(?!(?:for|of|at|in|with|the|to|from|on|by)\b)[\w’'-]+\s+)"  # "an aid group", not "a spokeswoman for the group"
        after = re.compile(rf"(?<![\w’'])((?:[A-Z][\w’'&-]*)(?:\s+(?:of|and|for|&)?\s*[A-Z][\w’'&-]*){{0,5}}),\s+(?:a|an)\s+{modifier}{{0,4}}?{head}\b")
        before = re.compile(rf"\b[Tt]he\s+{modifier}{{0,3}}?{head}\s+((?:[A-Z][\w’'&-]*)(?:\s+[A-Z][\w’'&-]*){{0,4}})")
        for text in reversed(texts):
            found = [m for m in after.finditer(text)] + [m for m in before.finditer(text)]
            names = [m.group(1) for m in sorted(found, key=lambda m: m.start())
                     if m.group(1).split()[0].lower() not in _DETERMINERS and m.group(1).split()[0].lower() not in _TIME_NAMES]
            if names:
                return names[-1]
        return None

    def named_in(self, head: str, texts: list[str]) -> str | None:
        """The proper name of "the <head>" in earlier text ("the ministry" -> "the Ministry of Health")."""
        cap = head[:1].upper() + head[1:]
        pattern = re.compile(rf"(?:(?:the\s+)?(?:[A-Z][\w’'.&-]*\s+(?:of\s+|and\s+|for\s+)?){{1,5}}{cap}\b(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)?|the\s+{cap}\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)")
        for text in reversed(texts):
            found = pattern.findall(text)
            if found:
                return found[-1]
        return None
