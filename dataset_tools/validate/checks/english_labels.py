"""The `english-labels` check: a free English label says what its own Chinese says, and nothing another row says.

The fields it governs say `evidence: check:english-labels` in their schema (`actions.label_en`,
`claims.label_en`): an English label is a free rendering of its Chinese partner (`label_zh`), so
the glossary cannot require its wording. It is held to its row in these ways:

* **Named terms.** Where a glossary rendering of two or more words, or of one capitalised word (a
  name: Gansu, Tianshui, China), occurs in the label (matched case-insensitively, a one-word name
  only as written, on word boundaries), its Chinese term (one of them where several share the
  rendering: 'the province' for 全省, 我省 and 省内) is in the row's Chinese label or quote, written
  as the glossary writes it, as the named row writes it (`name_as_written`, a policy's `aliases`)
  or as one of its recorded aliases (`aliases.csv`: 天水 for 天水市). A rendering inside a longer
  one the label holds is read as its part: 'Gansu' in 'Gansu Provincial Local Financial Supervision
  and Administration Bureau' is that body's, which the text writes 省金融监管局. One-word renderings in lower case
  are not read: they name products and measure words (apple, cases) that labels use freely, nor
  are measure words with a context row.
* **Numbers.** Every number the label writes in digits (2025, 13,700, 52) or in words from two to
  twelve and from second to twelfth (six areas; Third: ...) is a number of the Chinese label or
  quote, read with its multipliers (1.37万 is 13,700; 破万 gives 10,000; 三是 gives 3). 'One' and
  'first' are not read: they render 首, 率先 and 一批 as often as a count.
* **The verb.** A label renders its row's verb or cue (`verb_en` of actions, `cue_en` of claims):
  a word of it of three or more letters (not and, the, for, with) begins, in its first four
  letters, a word of the label (issued/issues, explore/Exploring, built/building).
* **One rendering per label.** Rows of one resource whose Chinese labels are the same have the same
  English label; a row whose English differs from the rendering most rows give (all of them, on a
  tie) is named.
* **An anchor.** Every label names at least one glossary term read as above or writes a number: a
  label with neither is tied to its row by its verb alone. Such a label is named on its row; the
  fix is a glossary row for a term of its Chinese label, rendered as the label renders it.

So a label moved to another row is named when it carries a term, a number, a verb or a twin its new
row lacks. Two labels whose terms, numbers and verb both rows' Chinese and verbs share can still be
exchanged unseen.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import compress

from dataset_tools.model import Package, Row, Table
from dataset_tools.numerals import MULTIPLIERS, whole_number
from dataset_tools.validate.checks.common import show
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "english-labels"
RULE = "check:english-labels"
CODES = declare({
    "english-labels.term-not-in-chinese":
        "an English label names a glossary term its row's Chinese label and quote do not",
    "english-labels.number-not-in-chinese": "an English label has a number its row's Chinese label and quote do not",
    "english-labels.renderings-differ": "rows with the same Chinese label have different English labels",
    "english-labels.verb-not-rendered": "an English label does not render its row's verb or cue (verb_en, cue_en)",
    "english-labels.label-unanchored": "an English label names no glossary term and writes no number, so nothing ties "
                                       "it to its row",
})
VERB_COLUMNS = ("verb_en", "cue_en")             # the row's verb or cue, which its label renders
VERB_WORD = re.compile(r"[a-z][a-z'-]*")
VERB_STOP = frozenset({"and", "the", "for", "with"})
NAMED_COLUMNS = ("name_zh", "title_zh")          # a row named by a glossary term
WRITTEN_COLUMNS = ("name_as_written", "aliases")  # how the text writes that row (policies' aliases: ' | ')
ENGLISH_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,]\d)|(?<![\w.,])\d+(?:\.\d+)?(?!\w)")
WORD = re.compile(r"(?<![\w-])\w+")            # a word of a label, and the first word of a rendering
BOUNDARY = re.compile(r"[\w-]")                  # a rendering ends before none of these
NUMBER_WORDS = {word: value for value, words in enumerate(
    [(), (), ("two", "second"), ("three", "third"), ("four", "fourth"), ("five", "fifth"), ("six", "sixth"),
     ("seven", "seventh"), ("eight", "eighth"), ("nine", "ninth"), ("ten", "tenth"), ("eleven", "eleventh"),
     ("twelve", "twelfth")]) for word in words}   # 'one' and 'first' render 首, 率先, 一批: not read
DIGIT = re.compile(r"\d")
CHINESE_NUMBER = re.compile(r"(\d+(?:\.\d+)?)([十百千万亿]*)|([〇零一二两三四五六七八九十百千万亿]+)")


def governed(package: Package) -> Iterable[tuple[Table, str, str]]:
    """(table, Chinese column, English column) of every field whose evidence is this check."""
    for table in package.tables.values():
        for field in table.schema.get("fields", []):
            name = field.get("name", "") if isinstance(field, dict) else ""
            if field.get("evidence") == RULE and name.endswith("_en") and name[:-3] + "_zh" in table.header:
                yield table, name[:-3] + "_zh", name


def written_forms(package: Package) -> dict[str, set[str]]:
    """Chinese name -> every way the text writes the row it names (as written, aliases)."""
    forms: dict[str, set[str]] = defaultdict(set)
    names: dict[str, dict[str, str]] = {}   # resource -> id -> the name of its row (rows without one left out)
    for resource, table in package.tables.items():
        if table.columns.isdisjoint(NAMED_COLUMNS):
            continue   # a table without names (actions, links, figures) names no row
        named = [column for column in NAMED_COLUMNS if column in table.columns]
        written = [column for column in WRITTEN_COLUMNS if column in table.columns]
        every = list(table.cells((*named, *written)))
        name_of: dict[tuple, str] = {}   # each distinct set of cells read once: rows and scaled copies repeat them
        for cells in dict.fromkeys(every):
            name = name_of[cells] = next((cell for cell in cells[:len(named)] if cell), "")
            if name:
                forms[name].update(part.strip() for cell in cells[len(named):] for part in (cell or "").split(" | ")
                                   if part.strip())
        found = list(map(name_of.__getitem__, every))
        ids = table.column("id") if "id" in table.columns else [""] * len(table.rows)
        names[resource] = dict(zip(compress(ids, found), compress(found, found), strict=True))   # no call per row
    aliases = package.tables.get("aliases")
    for row in aliases.rows if aliases else []:
        target = names.get(row.get("resource", ""), {}).get(row.get("target_id", ""))
        if target and row.get("alias", ""):
            forms[target].add(row["alias"])
    return forms


class Renderings:
    """The glossary renderings read in labels, indexed by their first word, and the Chinese forms of each."""

    def __init__(self, chinese: dict[str, set[str]], names: dict[str, str] | None = None):
        self.chinese = chinese                     # rendering in lower case -> its Chinese forms
        self.names = names or {}                   # a one-word name in lower case -> as the glossary writes it
        self.by_first: dict[str, list[tuple[str, int]]] = defaultdict(list)   # word -> (rendering, its offset)
        for english in sorted(chinese, key=len, reverse=True):
            first = WORD.search(english)
            if first:
                self.by_first[first.group(0)].append((english, first.start()))
        self.found = lru_cache(maxsize=8192)(self._found)   # labels repeat across rows and copies

    def _found(self, label: str) -> tuple[tuple[str, str], ...]:
        """(rendering, as the label writes it) of every rendering the label holds, on word boundaries
        (no letter, digit or hyphen right before or after): one look-up per word of the label."""
        lower, spans = label.lower(), list[tuple[int, int, str]]()
        for word in WORD.finditer(lower):
            for english, offset in self.by_first.get(word.group(0), ()):
                start = word.start() - offset
                end = start + len(english)
                if (start >= 0 and lower.startswith(english, start) and not BOUNDARY.match(lower, end)
                        and not (start and BOUNDARY.match(lower, start - 1))):
                    spans.append((start, end, english))
        hits, reach = dict[str, str](), -1   # reach: the furthest end of the renderings that start before
        for start, end, english in sorted(spans, key=lambda span: (span[0], -span[1])):
            name = self.names.get(english)   # a one-word name is read only as written (Party, not party)
            if end > reach and (name is None or label[start:end] == name):   # not part of a longer rendering
                hits.setdefault(english, label[start:end])
            reach = max(reach, end)
        return tuple(hits.items())


def named_terms(package: Package) -> Renderings:
    """The glossary renderings of two or more words or of one capitalised word (contextless rows), and the Chinese
    forms that name each term."""
    glossary = package.tables.get("glossary")
    forms = written_forms(package) if glossary is not None else {}
    chinese: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    for row in glossary.rows if glossary is not None else []:
        term, english = row.get("term_zh", ""), row.get("term_en", "").strip()
        if term and (len(english.split()) >= 2 or english[:1].isupper()) and not row.get("context", ""):
            chinese[english.lower()].update({term} | forms.get(term, set()))
            if len(english.split()) == 1:
                names[english.lower()] = english
    return Renderings(chinese, names)


def english_numbers(text: str) -> list[str]:
    """The numbers a label writes, as written: in digits (13,700; 2025; 2.5) or in words from two to twelve and
    from second to twelfth (six, Third)."""
    digits = ENGLISH_NUMBER.findall(text) if DIGIT.search(text) else []
    return digits + [word for word in WORD.findall(text) if word.lower() in NUMBER_WORDS]


@lru_cache(maxsize=8192)
def chinese_numbers(text: str) -> frozenset[Decimal]:
    """Every number of a Chinese text: digits with their multipliers (1.37万 -> 1.37 and 13700), Chinese
    numerals (五, 十五万) and a bare multiplier (破万 -> 10000)."""
    numbers: set[Decimal] = set()
    for digits, multipliers, chinese in CHINESE_NUMBER.findall(text):
        if digits:
            numbers.update({Decimal(digits), Decimal(digits) * product(multipliers)})
        elif all(character in MULTIPLIERS for character in chinese):
            numbers.add(product(chinese))
        elif (whole := whole_number(chinese)) is not None:
            numbers.add(Decimal(whole))
    return frozenset(numbers)


def product(multipliers: str) -> Decimal:
    """十/百/千/万/亿 multiplied together ('' -> 1)."""
    value = Decimal(1)
    for character in multipliers:
        value *= MULTIPLIERS[character]
    return value


def number_value(written: str) -> Decimal | None:
    """The value of a number as english_numbers finds it ('13,700' -> 13700, 'Third' -> 3)."""
    if written.lower() in NUMBER_WORDS:
        return Decimal(NUMBER_WORDS[written.lower()])
    try:
        return Decimal(written.replace(",", ""))
    except InvalidOperation:
        return None


@lru_cache(maxsize=1 << 14)   # rows, and scaled copies, repeat their labels and quotes: each is judged once
def unsupported(renderings: Renderings, english: str, label: str, quote: str) -> tuple[tuple[str, str, str], ...]:
    """(code, what the label writes, the Chinese forms wanted) of every term and number of an English label that
    the Chinese text (label and quote) does not give."""
    text = label + "\n" + quote
    missing = [("english-labels.term-not-in-chinese", found, " or ".join(sorted(renderings.chinese[rendering])))
               for rendering, found in renderings.found(english)
               if not any(form in text for form in renderings.chinese[rendering])]
    numbers = chinese_numbers(text)
    missing += [("english-labels.number-not-in-chinese", written, "")
                for written in dict.fromkeys(english_numbers(english)) if number_value(written) not in numbers]
    return tuple(missing)


def label_problems(table: Table, row: Row, zh: str, en: str, renderings: Renderings) -> list[Problem]:
    """The named terms and numbers of one English label that its row's Chinese does not give."""
    english = row.get(en, "")
    problems = []
    for code, found, forms in unsupported(renderings, english, row.get(zh, ""), row.get("quote", "")):
        if forms:
            problems.append(problem(code, f"{en} names {show(found)}, which {zh} and the quote do not",
                                    file=table.file, row=row, column=en, found=english,
                                    expected=f"{zh} or quote holding {forms}"))
        else:
            problems.append(problem(code, f"{en} has the number {found}, which {zh} and the quote do not",
                                    file=table.file, row=row, column=en, found=english,
                                    expected=f"a number of {zh} or the quote"))
    return problems


def verb_stems(verb: str) -> list[str]:
    """The first four letters of each word of a verb that a label must render one of ('set up' -> ['set'])."""
    return [word[:4] for word in VERB_WORD.findall(verb.lower()) if len(word) >= 3 and word not in VERB_STOP]


def verb_problem(table: Table, row: Row, en: str) -> Problem | None:
    """The row's verb (verb_en) or cue (cue_en) is rendered by no word of its English label."""
    column = next((column for column in VERB_COLUMNS if row.get(column, "")), None)
    if column is None:
        return None
    stems = verb_stems(row.get(column, ""))
    words = VERB_WORD.findall(row.get(en, "").lower())
    if not stems or any(word.startswith(stem) for stem in stems for word in words):
        return None
    return problem("english-labels.verb-not-rendered", f"{en} renders no word of {column} {show(row[column])}",
                   file=table.file, row=row, column=en, found=row.get(en, ""),
                   expected=f"a label with a word beginning {' or '.join(stems)}")


def anchor_problem(table: Table, row: Row, en: str, renderings: Renderings) -> Problem | None:
    """An English label names a glossary term (read as above) or writes a number: a label with neither is tied to
    its row by its verb alone, and could move to any row of the same verb unnoticed."""
    english = row.get(en, "")
    if not english or renderings.found(english) or english_numbers(english):
        return None
    return problem("english-labels.label-unanchored", f"{en} names no glossary term and writes no number",
                   file=table.file, row=row, column=en, found=english,
                   expected="a label naming a term of its Chinese label as the glossary renders it (add the "
                            "term to resources/glossary.csv)")


def twin_problems(table: Table, zh: str, en: str) -> list[Problem]:
    """Rows with one Chinese label and different English labels: those off the most common rendering."""
    renderings: dict[str, set[str]] = defaultdict(set)
    for label, english in set(table.cells((zh, en))):   # each distinct pair once
        if label and english:
            renderings[label].add(english)
    split = {label for label, found in renderings.items() if len(found) > 1}   # most labels have one rendering
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in table.rows if split else []:
        if row.get(zh, "") in split and row.get(en, ""):
            groups[row[zh]].append(row)
    problems = []
    for label, rows in groups.items():
        counts = Counter(row[en] for row in rows)
        if len(counts) < 2:
            continue
        ranked = counts.most_common()
        usual = ranked[0][0] if ranked[0][1] > ranked[1][1] else None
        for row in rows:
            if row[en] != usual:
                others = sorted({other[en] for other in rows if other[en] != row[en]})
                problems.append(problem("english-labels.renderings-differ",
                                        f"{zh} {show(label)} is rendered otherwise in another row",
                                        file=table.file, row=row, column=en, found=row[en],
                                        expected=" or ".join(others)))
    return problems


@check(NAME)
def english_labels(package: Package) -> list[Problem]:
    """Every English label the schemas give to this check (actions, claims) names only glossary terms (of two or
    more words, or names of one capitalised word) that its row's Chinese label or quote names, writes only numbers
    (digits, two to twelve, second to twelfth) they give, names at least one such term or number, renders its row's
    verb or cue (verb_en, cue_en), and is the one rendering of its Chinese label within its resource."""
    renderings = named_terms(package)
    problems = []
    for table, zh, en in governed(package):
        read = (en, zh, "quote", *(column for column in VERB_COLUMNS if column in table.columns))
        wrong: dict[tuple, bool] = {}   # the cells the rules read -> whether they break one (rows repeat them)
        for row, cells in zip(table.rows, table.cells(read), strict=True):
            if not cells[0]:
                continue
            if cells not in wrong:
                wrong[cells] = bool(label_problems(table, row, zh, en, renderings)) \
                    or verb_problem(table, row, en) is not None \
                    or anchor_problem(table, row, en, renderings) is not None
            if wrong[cells]:
                problems.extend(label_problems(table, row, zh, en, renderings))
                problems.extend(one for one in (verb_problem(table, row, en),
                                                anchor_problem(table, row, en, renderings)) if one is not None)
        problems.extend(twin_problems(table, zh, en))
    return problems
