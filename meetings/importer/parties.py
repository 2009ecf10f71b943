"""Which party a name in the minutes means: "SSR", "Akademikerförbundet SSR", "arbetsgivaren".

The parser works without a database: it gets a PartyDirectory built from the
Party rows (see `PartyDirectory.from_database`) or, by default, from the
unions that Swedish municipalities usually meet. A name is resolved to one
canonical party name; the importer then matches it to a Party row or creates
the union.
"""

import re
from dataclasses import dataclass

UNION = "union"
EMPLOYER = "employer"

EMPLOYER_NAME = "Arbetsgivaren"

# (name, short name, kind, other spellings). The usual unions of a Swedish
# municipality's cooperation groups; a union not listed here but named as
# "förbundet X" or registered as a Party is found too.
KNOWN_PARTIES = (
    ("Akademikerförbundet SSR", "SSR", UNION, ("Akademikerförbundet", "Akademikerförbundet SSR")),
    ("Kommunal", "", UNION, ("Kommunalarbetareförbundet", "Svenska Kommunalarbetareförbundet")),
    ("Vision", "", UNION, ("Fackförbundet Vision",)),
    ("Sveriges Lärare", "", UNION, ("Lärarförbundet", "Lärarnas Riksförbund", "LR")),
    ("Vårdförbundet", "", UNION, ()),
    ("Sveriges Ingenjörer", "", UNION, ()),
    ("Ledarna", "", UNION, ()),
    ("Naturvetarna", "", UNION, ()),
    ("Akavia", "", UNION, ("Jusek", "Civilekonomerna")),
    ("Fysioterapeuterna", "", UNION, ()),
    ("Sveriges Arbetsterapeuter", "", UNION, ()),
    ("Sveriges läkarförbund", "", UNION, ("Läkarförbundet",)),
    ("Sveriges Psykologförbund", "", UNION, ("Psykologförbundet",)),
    ("DIK", "", UNION, ()),
    ("Unionen", "", UNION, ()),
    ("Saco", "", UNION, ("SACO", "Saco-S")),
    ("Sveriges Skolledare", "", UNION, ("Skolledarförbundet",)),
    (EMPLOYER_NAME, "", EMPLOYER, ("arbetsgivaren", "Arbetsgivarsidan", "arbetsgivarsidan",
                                   "Arbetsgivarna", "arbetsgivarna", "Arbetsgivarens representanter")),
)


@dataclass(frozen=True)
class KnownParty:
    name: str
    short_name: str
    kind: str


class PartyDirectory:
    def __init__(self, parties=None):
        """`parties`: iterable of (name, short_name, kind); the known unions are always added."""
        self.parties = {}
        self._aliases = {}
        for name, short_name, kind in parties or ():
            self._add(name, short_name, kind, ())
        for name, short_name, kind, aliases in KNOWN_PARTIES:
            if kind == EMPLOYER and self.employer:
                for alias in (name, *aliases):
                    self._aliases.setdefault(alias.casefold(), self.employer)
                continue
            existing = self._find(name) or (short_name and self._find(short_name))
            target = existing or self._add(name, short_name, kind, ())
            for alias in aliases:
                self._aliases.setdefault(alias.casefold(), target)
        names = sorted(self._aliases, key=len, reverse=True)
        # Names match as whole words; "Kommunal" only capitalised (it is also an adjective).
        self.pattern = re.compile(
            r"(?<![\wÅÄÖåäö])(" + "|".join(_alias_pattern(n) for n in names) + r")(?![\wÅÄÖåäö])"
        )

    @classmethod
    def from_database(cls):
        from meetings.models import Party

        return cls(Party.objects.values_list("name", "short_name", "kind"))

    @property
    def employer(self):
        return next((p.name for p in self.parties.values() if p.kind == EMPLOYER), None)

    def _add(self, name, short_name, kind, aliases):
        party = KnownParty(name, short_name, kind)
        self.parties[name] = party
        for alias in (name, short_name, *aliases):
            if alias:
                self._aliases[alias.casefold()] = name
        # "Akademikerförbundet SSR" is also found as "SSR" when that is its short name.
        return name

    def _find(self, text):
        return self._aliases.get((text or "").casefold())

    def resolve(self, text):
        """The canonical party name of `text` ("SSR", "arbetsgivaren", "Vision:"), or None."""
        cleaned = re.sub(r"^(?:för\s+|fackförbundet\s+|förbundet\s+)", "", (text or "").strip(" .,:;()"),
                         flags=re.IGNORECASE)
        found = self._find(cleaned)
        if found:
            return found
        match = self.pattern.fullmatch(cleaned)
        return self._find(match.group(1)) if match else None

    def find_all(self, text):
        """Canonical names of every party named in `text`, in order of first mention."""
        out = []
        for match in self.pattern.finditer(text or ""):
            name = self._find(match.group(1))
            if name and name not in out:
                out.append(name)
        return out

    def kind_of(self, name):
        party = self.parties.get(name)
        return party.kind if party else UNION

    def is_union(self, name):
        return self.kind_of(name) == UNION


def _alias_pattern(alias):
    if alias == "kommunal":
        return "Kommunal"
    if alias == "vision":
        return "Vision"
    return "(?i:" + re.escape(alias) + ")"
